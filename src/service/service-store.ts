import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateToLatest, openSqlite } from '../db/connection.ts';
import type { Entry } from '../glossary/entry.ts';
import { serviceMigrations } from './migrations/index.ts';
import type { EntityChangeTable, ServiceDatabase } from './service-schema.ts';

export type ServiceStore = Kysely<ServiceDatabase>;

export async function openService(path: string): Promise<ServiceStore> {
  mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite<ServiceDatabase>(path);
  await migrateToLatest(db, serviceMigrations);
  return db;
}

// ---- tokens

const TOKEN_PREFIX = 'glos_';

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Create a token for name; returns the token, which is stored only as a hash. */
export async function createToken(db: ServiceStore, name: string): Promise<string | undefined> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const existing = await db.selectFrom('token').select('revoked_at').where('name', '=', name).executeTakeFirst();
  if (existing && existing.revoked_at === null) return undefined;
  const row = { name, hash: hashToken(token).toString('hex'), created_at: new Date().toISOString(), revoked_at: null };
  // A revoked name may be given a new token; the old one stays revoked with it.
  await db.insertInto('token').values(row).onConflict((oc) => oc.column('name').doUpdateSet(row)).execute();
  return token;
}

export async function revokeToken(db: ServiceStore, name: string): Promise<boolean> {
  const result = await db.updateTable('token').set({ revoked_at: new Date().toISOString() }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listTokens(db: ServiceStore): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]> {
  const rows = await db.selectFrom('token').select(['name', 'created_at', 'revoked_at']).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function activeTokenCount(db: ServiceStore): Promise<number> {
  const row = await db.selectFrom('token').select((eb) => eb.fn.countAll<number>().as('n')).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The name of the active token presented, or undefined. Every active hash is
 * compared in constant time, so timing says nothing about how close a guess was.
 */
export async function tokenOwner(db: ServiceStore, presented: string): Promise<string | undefined> {
  const hash = hashToken(presented);
  const rows = await db.selectFrom('token').select(['name', 'hash']).where('revoked_at', 'is', null).execute();
  let owner: string | undefined;
  for (const row of rows) if (timingSafeEqual(hash, Buffer.from(row.hash, 'hex'))) owner = row.name;
  return owner;
}

// ---- the change journal

export interface EntityChange {
  readonly seq: number;
  readonly entityId: string;
  readonly action: EntityChangeTable['action'];
  readonly actor: string;
  readonly at: string;
  readonly before: Entry | null;
  readonly after: Entry | null;
  readonly merged: boolean;
}

type ChangeRow = { seq: number; entity_id: string; action: EntityChangeTable['action']; actor: string; at: string; before: string | null; after: string | null; merged: number };

function changeOf(row: ChangeRow): EntityChange {
  return {
    seq: row.seq,
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    before: row.before === null ? null : (JSON.parse(row.before) as Entry),
    after: row.after === null ? null : (JSON.parse(row.after) as Entry),
    merged: row.merged === 1,
  };
}

/** Record a change; returns it with its sequence number. Committed before it returns. */
export async function recordChange(db: ServiceStore, change: Omit<EntityChange, 'seq' | 'at' | 'merged'>): Promise<EntityChange> {
  const row = await db
    .insertInto('entity_change')
    .values({
      entity_id: change.entityId,
      action: change.action,
      actor: change.actor,
      at: new Date().toISOString(),
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
      merged: 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return changeOf(row);
}

/** Changes after seq (all with 0), oldest first; unmerged only when asked. */
export async function changesSince(db: ServiceStore, seq: number, options: { unmergedOnly?: boolean } = {}): Promise<EntityChange[]> {
  let query = db.selectFrom('entity_change').selectAll().where('seq', '>', seq).orderBy('seq');
  if (options.unmergedOnly) query = query.where('merged', '=', 0);
  return (await query.execute()).map(changeOf);
}

export async function entityHistory(db: ServiceStore, entityId: string): Promise<EntityChange[]> {
  return (await db.selectFrom('entity_change').selectAll().where('entity_id', '=', entityId).orderBy('seq', 'desc').execute()).map(changeOf);
}

export async function markMerged(db: ServiceStore, upTo: number): Promise<void> {
  await db.updateTable('entity_change').set({ merged: 1 }).where('seq', '<=', upTo).where('merged', '=', 0).execute();
}

export async function lastChangeSeq(db: ServiceStore): Promise<number> {
  const row = await db.selectFrom('entity_change').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}
