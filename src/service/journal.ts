import { sql } from 'kysely';
import { CHANGE_CHANNEL } from '../db/change-channel.ts';
import { isPostgres } from '../db/dialect.ts';
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

/** What recordChangeAfter did: recorded the change, or found the journal not where the writer left it. */
export type RecordResult =
  | { readonly kind: 'recorded'; readonly change: EntityChange }
  /** Another writer committed after appliedSeq: catch up, check again, retry. */
  | { readonly kind: 'moved' }
  /** The journal ends before appliedSeq: changes the writer applied are gone from it. */
  | { readonly kind: 'behind'; readonly lastSeq: number };

/**
 * Record a change, if the journal's last change is still `appliedSeq` (the one the
 * writer checked the change against); returns it with its sequence number, committed.
 * The check and the insert are one transaction holding the journal's write lock from
 * before the check, so no process can commit between them: in SQLite BEGIN IMMEDIATE,
 * in PostgreSQL an EXCLUSIVE lock on the table (readers go on; other writers wait).
 * In PostgreSQL the commit also notifies CHANGE_CHANNEL, which the other replicas
 * listen on.
 *
 *   await recordChangeAfter(service, 41, { entityId: 'nvidia', action: 'update', actor: 'alice', before, after })
 *   // { kind: 'recorded', change: { seq: 42, ... } }, or { kind: 'moved' } if change 42 is already someone else's
 */
export async function recordChangeAfter(db: ServiceStore, appliedSeq: number, change: Omit<EntityChange, 'seq' | 'at' | 'merged'>): Promise<RecordResult> {
  const values = {
    entity_id: change.entityId,
    action: change.action,
    actor: change.actor,
    at: new Date().toISOString(),
    before: change.before === null ? null : JSON.stringify(change.before),
    after: change.after === null ? null : JSON.stringify(change.after),
    merged: 0,
  };
  const moved = (lastSeq: number): RecordResult => (lastSeq > appliedSeq ? { kind: 'moved' } : { kind: 'behind', lastSeq });
  if (isPostgres(db)) {
    return db.transaction().execute(async (trx) => {
      await sql`lock table entity_change in exclusive mode`.execute(trx);
      const lastSeq = await lastChangeSeq(trx);
      if (lastSeq !== appliedSeq) return moved(lastSeq);
      const row = await trx.insertInto('entity_change').values(values).returningAll().executeTakeFirstOrThrow();
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${String(row.seq)})`.execute(trx);
      return { kind: 'recorded', change: changeOf(row) };
    });
  }
  // One connection held throughout: Kysely's SQLite driver would otherwise let this
  // process's other queries run inside the transaction between its statements.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const lastSeq = await lastChangeSeq(conn);
      if (lastSeq !== appliedSeq) {
        await sql`rollback`.execute(conn);
        return moved(lastSeq);
      }
      const row = await conn.insertInto('entity_change').values(values).returningAll().executeTakeFirstOrThrow();
      await sql`commit`.execute(conn);
      return { kind: 'recorded', change: changeOf(row) };
    } catch (error) {
      // After a failed statement (or a failed commit) the transaction may still be open.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/** This store's journal's name (made with the store; see JournalTable). */
export async function journalId(db: ServiceStore): Promise<string> {
  return (await db.selectFrom('journal').select('id').executeTakeFirstOrThrow()).id;
}

/** What a build read from a journal: which journal, up to which change, and the changes not yet in files. */
export interface JournalRead {
  readonly id: string;
  readonly lastSeq: number;
  readonly changes: EntityChange[];
}

/** The journal as a build applies it, read in one transaction so lastSeq and the changes agree. */
export async function readJournalForBuild(db: ServiceStore): Promise<JournalRead> {
  return db.transaction().execute(async (trx) => ({
    id: (await trx.selectFrom('journal').select('id').executeTakeFirstOrThrow()).id,
    lastSeq: await lastChangeSeq(trx),
    changes: (await trx.selectFrom('entity_change').selectAll().where('merged', '=', 0).orderBy('seq').execute()).map(changeOf),
  }));
}

/**
 * Where a built store stands in this journal: the change it was built up to, whose later
 * changes are to be applied on top. Change numbers count within one journal (a new
 * service store numbers from 1 again), so a build's number counts only if the build
 * read this journal; a build that read none (number 0) is before all of any journal.
 *
 *   await buildPosition({ journalId: 'a1…', journalSeq: 5 }, service)   // { ok: true, seq: 5 } when service is journal a1… with >= 5 changes
 *   await buildPosition({ journalSeq: 5 }, freshService)                // { ok: false, error: 'the glossary store was built with changes up to #5 of another service store, ...' }
 */
export async function buildPosition(built: { readonly journalId?: string; readonly journalSeq: number }, db: ServiceStore): Promise<{ ok: true; seq: number } | { ok: false; error: string }> {
  if (built.journalSeq === 0) return { ok: true, seq: 0 };
  const rebuild = 'rebuild it with `glossary build` (or npm run build) using this SERVICE_DB: the build applies the changes in it not yet exported to files';
  const [id, lastSeq] = [await journalId(db), await lastChangeSeq(db)];
  if (built.journalId !== id) {
    const other = built.journalId === undefined ? 'a service store it did not name (an older build)' : `another service store (journal ${built.journalId.slice(0, 8)})`;
    return { ok: false, error: `the glossary store was built with changes up to #${built.journalSeq} of ${other}, not of SERVICE_DB's (journal ${id.slice(0, 8)}, ${lastSeq} changes); its change numbers mean nothing here: ${rebuild}` };
  }
  if (built.journalSeq > lastSeq) return { ok: false, error: `the glossary store was built with changes up to #${built.journalSeq} of SERVICE_DB's journal, which now ends at #${lastSeq} (changes were removed from it): ${rebuild}` };
  return { ok: true, seq: built.journalSeq };
}

/** Changes after seq (all with 0), oldest first; unmerged only when asked. */
export async function changesSince(db: ServiceStore, seq: number, options: { unmergedOnly?: boolean } = {}): Promise<EntityChange[]> {
  let query = db.selectFrom('entity_change').selectAll().where('seq', '>', seq).orderBy('seq');
  if (options.unmergedOnly) query = query.where('merged', '=', 0);
  return (await query.execute()).map(changeOf);
}

/** Changes in a history page when none is asked for, and at most (GET .../history, `glossary entity history`). */
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

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

/**
 * Per entity changed through the service, the number of its last change up to seq:
 * its version (GlossaryKeeper.versionOf). Read once per load; edits move it after.
 */
export async function entityVersions(db: ServiceStore, upToSeq: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('entity_change').select(['entity_id', (eb) => eb.fn.max('seq').as('seq')]).where('seq', '<=', upToSeq).groupBy('entity_id').execute();
  return new Map(rows.map((r) => [r.entity_id, Number(r.seq)]));
}

export async function markMerged(db: ServiceStore, upTo: number): Promise<void> {
  await db.updateTable('entity_change').set({ merged: 1 }).where('seq', '<=', upTo).where('merged', '=', 0).execute();
}

export async function lastChangeSeq(db: ServiceStore): Promise<number> {
  const row = await db.selectFrom('entity_change').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Which journal a build read, and up to which change (its meta table; see buildGlossary). */
export function builtJournal(meta: Readonly<Record<string, string>>): { journalId?: string; journalSeq: number } {
  return { ...(meta.journal_id ? { journalId: meta.journal_id } : {}), journalSeq: Number(meta.journal_seq ?? 0) };
}
