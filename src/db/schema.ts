import type { Generated } from 'kysely';

/** One row per entity; `body` is the validated entry as JSON, the source of every field. */
export interface EntityTable {
  id: string;
  kind: string;
  name_zh_cn: string | null;
  name_zh_tw: string | null;
  name_zh_hk: string | null;
  name_en: string | null;
  wikidata: string | null;
  body: string;
  file: string;
  line: number;
}

/** Every spelling of every entity, expanded at build time; `key` is the folded text. */
export interface NameTable {
  rowid: Generated<number>;
  entity_id: string;
  text: string;
  key: string;
  type: string;
  locale: string | null;
  form: string;
  latin: number;
  /** JSON of the `ambiguous` declaration that covers this name, if any. */
  ambiguity: string | null;
  /** The regions that admit this name as written (`admitted`), space-separated: 'zh-CN zh-HK'; null for none. */
  admitted: string | null;
}

export interface PinyinTable {
  entity_id: string;
  text: string;
  syllables: string;
  key: string;
  initials: string;
}

/**
 * The lexicon of ordinary Chinese, one row: `words` is its folded words joined by
 * '\n' in UTF-8, `freqs` their frequencies as little-endian uint32, both deflated
 * (raw); `digest` is the SHA-1 of the two blobs.
 */
export interface LexiconTable {
  digest: string;
  total: number;
  words: Uint8Array;
  freqs: Uint8Array;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A compiled artifact (src/binary-artifact.ts) the build wrote beside the rows, by name. */
export interface ArtifactTable {
  name: string;
  bytes: Buffer;
}

export interface Database {
  entity: EntityTable;
  name: NameTable;
  pinyin: PinyinTable;
  meta: MetaTable;
  lexicon: LexiconTable;
  artifact: ArtifactTable;
}
