import { sql } from 'kysely';
import type { Entry } from '../glossary/entry.ts';
import type { CompiledEntry } from '../glossary/validate.ts';
import type { AmbiguousName } from '../glossary/entry.ts';
import type { NameForm, NameRow, NameType, PinyinRow } from '../glossary/expand.ts';
import type { NameLocale, Region } from '../locale.ts';
import type { PackedLexicon } from '../match/lexicon-words.ts';
import type { Store } from './connection.ts';
import { readStoredLexicon } from './lexicon-repository.ts';

const BATCH = 400;

/** Write every compiled entry into an empty store, in one transaction (the caller's, when db is one: a PostgreSQL build's). */
export async function insertGlossary(db: Store, compiled: readonly CompiledEntry[], onProgress?: (done: number) => void): Promise<void> {
  const inTransaction = (work: (trx: Store) => Promise<void>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  await inTransaction(async (trx) => {
    for (let i = 0; i < compiled.length; i += BATCH) {
      const batch = compiled.slice(i, i + BATCH);
      await trx.insertInto('entity').values(batch.map(({ entry }) => entityRow(entry.value, entry.file, entry.line))).execute();
      const names = batch.flatMap(({ entry, expanded }) => expanded.names.map((n) => nameRow(entry.value.id, n)));
      for (let j = 0; j < names.length; j += BATCH) await trx.insertInto('name').values(names.slice(j, j + BATCH)).execute();
      const pinyin = batch.flatMap(({ entry, expanded }) => expanded.pinyin.map((p) => ({ entity_id: entry.value.id, ...p })));
      for (let j = 0; j < pinyin.length; j += BATCH) await trx.insertInto('pinyin').values(pinyin.slice(j, j + BATCH)).execute();
      onProgress?.(Math.min(i + BATCH, compiled.length));
    }
  });
}

export async function writeMeta(db: Store, meta: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(meta)) {
    await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}

export async function readMeta(db: Store): Promise<Record<string, string>> {
  const rows = await db.selectFrom('meta').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function entityRow(entry: Entry, file: string, line: number) {
  return {
    id: entry.id,
    kind: entry.kind,
    name_zh_cn: entry.names['zh-CN'] ?? null,
    name_zh_tw: entry.names['zh-TW'] ?? null,
    name_zh_hk: entry.names['zh-HK'] ?? null,
    name_en: entry.names.en ?? null,
    wikidata: entry.wikidata ?? null,
    body: JSON.stringify(entry),
    file,
    line,
  };
}

function nameRow(entityId: string, n: NameRow) {
  return {
    entity_id: entityId,
    text: n.text,
    key: n.key,
    type: n.type,
    locale: n.locale,
    form: n.form,
    latin: n.latin ? 1 : 0,
    ambiguity: n.ambiguity ? JSON.stringify(n.ambiguity) : null,
    admitted: n.admitted.length > 0 ? n.admitted.join(' ') : null,
  };
}

/** A name as the matcher and lookup need it, with the entity it belongs to. */
export interface StoredName extends NameRow {
  readonly entityId: string;
}

export interface StoredPinyin extends PinyinRow {
  readonly entityId: string;
}

/** Everything the in-memory matcher and lookup index are compiled from. */
export interface GlossaryRows {
  readonly entries: readonly Entry[];
  /** Where each entry was written (file and line), for messages; absent for service edits. */
  readonly locations: ReadonlyMap<string, { readonly file: string; readonly line: number }>;
  readonly names: readonly StoredName[];
  readonly pinyin: readonly StoredPinyin[];
  /** The lexicon the matcher's guards segment with; absent in a store built without one. */
  readonly lexicon?: PackedLexicon;
}

/** The entries of these ids (those the store has), in id order. */
export async function readEntries(db: Store, ids: readonly string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  // In batches: a statement takes a bounded number of parameters.
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db.selectFrom('entity').select('body').where('id', 'in', ids.slice(i, i + BATCH)).execute();
    for (const r of rows) entries.push(JSON.parse(r.body) as Entry);
  }
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Where the build read this entity (file and line), or undefined when the store lacks it. */
export async function readLocation(db: Store, id: string): Promise<{ file: string; line: number } | undefined> {
  return db.selectFrom('entity').select(['file', 'line']).where('id', '=', id).executeTakeFirst();
}

export async function readGlossaryRows(db: Store): Promise<GlossaryRows> {
  const entities = await db.selectFrom('entity').select(['id', 'body', 'file', 'line']).orderBy('id').execute();
  // In the order the build wrote them (SQLite's rowid; a column of that name in PostgreSQL).
  const names = await db.selectFrom('name').selectAll().orderBy('rowid').execute();
  const pinyin = await db.selectFrom('pinyin').selectAll().orderBy(sql`rowid`).execute();
  const lexicon = await readStoredLexicon(db);
  return {
    ...(lexicon ? { lexicon } : {}),
    entries: entities.map((e) => JSON.parse(e.body) as Entry),
    locations: new Map(entities.map((e) => [e.id, { file: e.file, line: e.line }])),
    names: names.map((n) => ({
      entityId: n.entity_id,
      text: n.text,
      key: n.key,
      type: n.type as NameType,
      locale: n.locale as NameLocale | null,
      form: n.form as NameForm,
      latin: n.latin === 1,
      ambiguity: n.ambiguity ? (JSON.parse(n.ambiguity) as AmbiguousName) : null,
      admitted: n.admitted ? (n.admitted.split(' ') as Region[]) : [],
    })),
    pinyin: pinyin.map((p) => ({ entityId: p.entity_id, text: p.text, syllables: p.syllables, key: p.key, initials: p.initials })),
  };
}
