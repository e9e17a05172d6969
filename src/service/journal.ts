import { sql } from 'kysely';
import type { Entry } from '../glossary/entry.ts';
import type { EntityChangeTable } from './service-schema.ts';
import type { ServiceStore } from './service-store.ts';

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

/**
 * Record a change, if the journal's last change is still `appliedSeq` (the one the
 * writer checked the change against); returns it with its sequence number, committed,
 * or undefined when another writer got in first (catch up, check again, retry).
 * The check and the insert are one BEGIN IMMEDIATE transaction: SQLite's write lock is
 * taken before the check, so no process can commit between them. Other processes
 * wait for the lock (the store's busy timeout) rather than fail.
 *
 *   await recordChangeAfter(service, 41, { entityId: 'nvidia', action: 'update', actor: 'alice', before, after })
 *   // { seq: 42, ... }, or undefined if change 42 is already someone else's
 */
export async function recordChangeAfter(db: ServiceStore, appliedSeq: number, change: Omit<EntityChange, 'seq' | 'at' | 'merged'>): Promise<EntityChange | undefined> {
  // One connection held throughout: Kysely's SQLite driver would otherwise let this
  // process's other queries run inside the transaction between its statements.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      if ((await lastChangeSeq(conn)) !== appliedSeq) {
        await sql`rollback`.execute(conn);
        return undefined;
      }
      const row = await conn
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
      await sql`commit`.execute(conn);
      return changeOf(row);
    } catch (error) {
      // After a failed statement (or a failed commit) the transaction may still be open.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/** Changes after seq (all with 0), oldest first; unmerged only when asked. */
export async function changesSince(db: ServiceStore, seq: number, options: { unmergedOnly?: boolean } = {}): Promise<EntityChange[]> {
  let query = db.selectFrom('entity_change').selectAll().where('seq', '>', seq).orderBy('seq');
  if (options.unmergedOnly) query = query.where('merged', '=', 0);
  return (await query.execute()).map(changeOf);
}

export interface HistoryPage {
  readonly changes: EntityChange[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly next: number | null;
}

/**
 * An entity's changes, newest first, a page at a time: at most `limit`, older than
 * change `before` when given.
 *
 *   await entityHistory(service, 'nvidia', { limit: 2 })              // { changes: [#9, #7], next: 7 }
 *   await entityHistory(service, 'nvidia', { limit: 2, before: 7 })   // { changes: [#3], next: null }
 */
export async function entityHistory(db: ServiceStore, entityId: string, page: { limit: number; before?: number }): Promise<HistoryPage> {
  let query = db.selectFrom('entity_change').selectAll().where('entity_id', '=', entityId);
  if (page.before !== undefined) query = query.where('seq', '<', page.before);
  // One row more than asked says whether there is a next page.
  const rows = await query.orderBy('seq', 'desc').limit(page.limit + 1).execute();
  const changes = rows.slice(0, page.limit).map(changeOf);
  return { changes, next: rows.length > page.limit ? changes.at(-1)!.seq : null };
}

/** Change seq to entityId, or (without seq) the entity's latest deletion. */
export async function findChange(db: ServiceStore, entityId: string, seq?: number): Promise<EntityChange | undefined> {
  let query = db.selectFrom('entity_change').selectAll().where('entity_id', '=', entityId);
  query = seq === undefined ? query.where('action', '=', 'delete') : query.where('seq', '=', seq);
  const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row && changeOf(row);
}

export async function markMerged(db: ServiceStore, upTo: number): Promise<void> {
  await db.updateTable('entity_change').set({ merged: 1 }).where('seq', '<=', upTo).where('merged', '=', 0).execute();
}

export async function lastChangeSeq(db: ServiceStore): Promise<number> {
  const row = await db.selectFrom('entity_change').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}
