import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceStore } from './service-store.ts';

const TOKEN_PREFIX = 'glos_';

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Create a token for name; returns the token, which is stored only as a hash. */
export async function createToken(db: ServiceStore, name: string): Promise<string | undefined> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = { name, hash: hashToken(token).toString('hex'), created_at: new Date().toISOString(), revoked_at: null };
  // One statement, so two `token create` runs for one name cannot both win (a check
  // then an insert let the second silently replace the first's token). A revoked
  // name may be given a new token; the old one stays revoked with it.
  const result = await db
    .insertInto('token')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet(row).where('token.revoked_at', 'is not', null))
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n ? token : undefined;
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
