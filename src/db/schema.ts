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
}

export interface PinyinTable {
  entity_id: string;
  text: string;
  syllables: string;
  key: string;
  initials: string;
}

/** A word of the lexicon of ordinary Chinese that the matcher's guards need; `word` is folded. */
export interface LexiconWordTable {
  word: string;
  freq: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  entity: EntityTable;
  name: NameTable;
  pinyin: PinyinTable;
  meta: MetaTable;
  lexicon_word: LexiconWordTable;
}
