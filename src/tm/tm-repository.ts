import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateToLatest, openSqlite } from '../db/connection.ts';
import { foldText } from '../fold.ts';
import { tmMigrations } from './migrations/index.ts';
import type { TmDatabase } from './tm-schema.ts';
import type { TmxUnit } from './tmx-reader.ts';

export type TmStore = Kysely<TmDatabase>;

/** Open (creating if needed) the translation memory at path, schema up to date. */
export async function openTm(path: string): Promise<TmStore> {
  mkdirSync(dirname(path), { recursive: true });
  // A larger page cache keeps the hash and segment indexes in memory during imports.
  const db = openSqlite<TmDatabase>(path, { cacheMegabytes: 64 });
  await migrateToLatest(db, tmMigrations);
  return db;
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
    return u.segments.map((s) => ({ unit_id: id, lang: s.lang, text: s.text, markup: s.markup, key: foldText(s.text) }));
  });
  for (let i = 0; i < segments.length; i += 1000) await db.insertInto('tm_segment').values(segments.slice(i, i + 1000)).execute();
  return inserted.length;
}

export async function countUnits(db: TmStore): Promise<number> {
  const row = await db.selectFrom('tm_unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
