import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openMigrated, type StoreMigrations } from '../db/connection.ts';
import { isPostgres } from '../db/dialect.ts';
import { foldText } from '../fold.ts';
import { segmentGrams } from './segment-grams.ts';
import { tmMigrations, tmPostgresMigrations } from './migrations/index.ts';
import type { TmDatabase } from './tm-schema.ts';
import { escapeXml, type TmxUnit } from './tmx-reader.ts';

export type TmStore = Kysely<TmDatabase>;

/**
 * Open (creating if needed) the translation memory at location, schema up to date: a
 * SQLite file (TM_DB), or a PostgreSQL URL (DATABASE_URL), where replicas share it.
 */
export async function openTm(location: string, migrated?: (names: string[]) => void): Promise<TmStore> {
  // A larger SQLite page cache keeps the hash and segment indexes in memory during imports.
  return openMigrated<TmDatabase>(location, TM_MIGRATIONS, { cacheMegabytes: 64 }, migrated);
}

const TM_MIGRATIONS: StoreMigrations = {
  sqlite: tmMigrations,
  postgres: tmPostgresMigrations,
  postgresTables: { migrationTableName: 'tm_migration', migrationLockTableName: 'tm_migration_lock' },
};

/** A segment written as plain text (the API, the CLI, a CSV cell): its markup is the text escaped. */
export function plainSegment(lang: string, text: string): TmxUnit['segments'][number] {
  return { lang, text, markup: escapeXml(text) };
}

/** Each language's text: [{ lang: 'en', text: 'chip' }] -> { en: 'chip' }. */
export function segmentsByLang(segments: readonly { readonly lang: string; readonly text: string }[]): Record<string, string> {
  return Object.fromEntries(segments.map((s) => [s.lang, s.text]));
}

/** The same segments in the same languages make the same unit, whatever the file. */
export function unitHash(unit: Pick<TmxUnit, 'segments'>): string {
  const lines = unit.segments.map((s) => `${s.lang}\u0000${s.markup}`).sort();
  // 128 bits of SHA-256: collisions stay out of reach, and the unique index stays small.
  return createHash('sha256').update(lines.join('\u0001')).digest().subarray(0, 16).toString('base64url');
}

/** Insert units, skipping any already stored; returns how many were added. */
export async function insertUnits(db: TmStore, units: readonly TmxUnit[]): Promise<number> {
  if (units.length === 0) return 0;
  const now = new Date().toISOString();
  const rows = units.map((u) => ({ hash: unitHash(u), attrs: JSON.stringify({ attrs: u.attrs, props: u.props, notes: u.notes }), created_at: now }));
  const inserted = await db.insertInto('tm_unit').values(rows).onConflict((oc) => oc.column('hash').doNothing()).returning(['id', 'hash']).execute();
  if (inserted.length === 0) return 0;
  const idByHash = new Map(inserted.map((r) => [r.hash, r.id]));
  const segments = units.flatMap((u, i) => {
    const id = idByHash.get(rows[i]!.hash);
    // A unit repeated inside one batch is inserted once: only its first copy has the id.
    if (id === undefined) return [];
    idByHash.delete(rows[i]!.hash);
    return u.segments.map((s) => segmentRow(db, id, s));
  });
  for (let i = 0; i < segments.length; i += 1000) await db.insertInto('tm_segment').values(segments.slice(i, i + 1000)).execute();
  return inserted.length;
}

/**
 * After a bulk import: in PostgreSQL, refresh the statistics, so that the next lookups
 * know which character pairs are now common (gram-rarity.ts) and the planner uses the
 * indexes rather than read every segment (a memory grown from empty still has an empty
 * table's statistics until autovacuum comes by).
 */
export async function afterImport(db: TmStore, added: number): Promise<void> {
  if (added > 0 && isPostgres(db)) await sql`analyze tm_segment`.execute(db);
}

export async function countUnits(db: TmStore): Promise<number> {
  const row = await db.selectFrom('tm_unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A unit as the API and CLI show it. */
export interface UnitView {
  readonly unitId: number;
  /** Each language's plain text (inline tags as placeholders). */
  readonly segments: Record<string, string>;
  readonly notes: string[];
  readonly createdAt: string;
}

/** What a caller writes: plain text per language (at least two), optional notes. */
export interface UnitInput {
  readonly segments: readonly { readonly lang: string; readonly text: string }[];
  readonly notes?: readonly string[];
}

export type UnitWrite = { readonly ok: true; readonly unit: UnitView } | { readonly ok: false; readonly duplicateOf: number };

interface StoredAttrs {
  attrs: Record<string, string>;
  props: { type: string; value: string }[];
  notes: string[];
}

export async function getUnit(db: TmStore, unitId: number): Promise<UnitView | undefined> {
  const unit = await db.selectFrom('tm_unit').select(['id', 'attrs', 'created_at']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) return undefined;
  const segments = await db.selectFrom('tm_segment').select(['lang', 'text']).where('unit_id', '=', unitId).orderBy('lang').execute();
  const { notes } = JSON.parse(unit.attrs) as StoredAttrs;
  return { unitId: unit.id, segments: segmentsByLang(segments), notes, createdAt: unit.created_at };
}

/** Add one unit; refused (duplicateOf) when a unit with the same segments exists. */
export async function addUnit(db: TmStore, input: UnitInput): Promise<UnitWrite> {
  return db.transaction().execute(async (trx) => {
    const segments = input.segments.map((s) => plainSegment(s.lang, s.text));
    const hash = unitHash({ segments });
    const existing = await trx.selectFrom('tm_unit').select('id').where('hash', '=', hash).executeTakeFirst();
    if (existing) return { ok: false, duplicateOf: existing.id };
    const now = new Date();
    const attrs: StoredAttrs = { attrs: { creationdate: tmxDate(now), creationtool: 'zh-entity-glossary' }, props: [], notes: [...(input.notes ?? [])] };
    const { id } = await trx.insertInto('tm_unit').values({ hash, attrs: JSON.stringify(attrs), created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('tm_segment').values(segments.map((s) => segmentRow(db, id, s))).execute();
    return { ok: true, unit: { unitId: id, segments: segmentsByLang(segments), notes: attrs.notes, createdAt: now.toISOString() } };
  });
}

/**
 * Replace a unit's segments (and notes, when given), keeping its id, attributes
 * and props; undefined when there is no such unit.
 */
export async function replaceUnit(db: TmStore, unitId: number, input: UnitInput): Promise<UnitWrite | undefined> {
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('tm_unit').select(['attrs', 'created_at']).where('id', '=', unitId).executeTakeFirst();
    if (!unit) return undefined;
    const segments = input.segments.map((s) => plainSegment(s.lang, s.text));
    const hash = unitHash({ segments });
    const other = await trx.selectFrom('tm_unit').select('id').where('hash', '=', hash).where('id', '!=', unitId).executeTakeFirst();
    if (other) return { ok: false, duplicateOf: other.id };
    const attrs = JSON.parse(unit.attrs) as StoredAttrs;
    attrs.attrs = { ...attrs.attrs, changedate: tmxDate(new Date()) };
    if (input.notes) attrs.notes = [...input.notes];
    await trx.updateTable('tm_unit').set({ hash, attrs: JSON.stringify(attrs) }).where('id', '=', unitId).execute();
    await trx.deleteFrom('tm_segment').where('unit_id', '=', unitId).execute();
    await trx.insertInto('tm_segment').values(segments.map((s) => segmentRow(db, unitId, s))).execute();
    return { ok: true, unit: { unitId, segments: segmentsByLang(segments), notes: attrs.notes, createdAt: unit.created_at } };
  });
}

/** Delete a unit and its segments; false when there was none. */
export async function deleteUnit(db: TmStore, unitId: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tm_segment').where('unit_id', '=', unitId).execute();
    const result = await trx.deleteFrom('tm_unit').where('id', '=', unitId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

/** A tm_segment row; in PostgreSQL with its folded text and that text's character pairs, which the indexes read. */
function segmentRow(db: TmStore, unitId: number, s: { lang: string; text: string; markup: string }) {
  const row = { unit_id: unitId, lang: s.lang, text: s.text, markup: s.markup };
  if (!isPostgres(db)) return row;
  const fold = foldText(s.text);
  return { ...row, fold, grams: segmentGrams(fold) };
}

/** TMX's date form: 20261123T041500Z. */
function tmxDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
