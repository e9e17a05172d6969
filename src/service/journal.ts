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
