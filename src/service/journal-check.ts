import { isDeepStrictEqual } from 'node:util';
import { parseEntry, type Entry } from '../glossary/entry.ts';
import { changesSince, journalId } from './journal.ts';
import type { ServiceStore } from './service-store.ts';

/** What checkJournal found: how much it read, and every inconsistency (none: the journal is whole). */
export interface JournalCheck {
  readonly journalId: string;
  readonly changes: number;
  readonly entities: number;
  readonly problems: string[];
}

/**
 * Read the whole journal and check that it tells one story: change numbers rise,
 * every entity written is one the build's schema takes, and each change starts from
 * where the entity's previous change left it (its `before` is the previous `after`:
 * a change checked against a state no replica had, or a half-written one, breaks
 * that). What `glossary check` reports; the replica tests ask it after killing
 * replicas and restarting the database.
 */
export async function checkJournal(db: ServiceStore): Promise<JournalCheck> {
  const id = await journalId(db);
  const changes = await changesSince(db, 0);
  const problems: string[] = [];
  const last = new Map<string, Entry | null>();
  let previousSeq = 0;
  for (const change of changes) {
    const at = `change #${change.seq} (${change.action} ${change.entityId})`;
    if (change.seq <= previousSeq) problems.push(`${at}: numbered after #${previousSeq}`);
    previousSeq = change.seq;
    for (const [side, entry] of [['before', change.before], ['after', change.after]] as const) {
      if (entry === null) continue;
      const parsed = parseEntry(entry);
      if (!parsed.ok) problems.push(`${at}: its ${side} is no valid entity (${parsed.issues[0]?.message ?? 'invalid'})`);
      else if (entry.id !== change.entityId) problems.push(`${at}: its ${side} is entity ${entry.id}`);
    }
    const expectsBefore = change.action === 'create' ? 'none' : change.action === 'restore' ? 'any' : 'some';
    if (expectsBefore === 'none' && change.before !== null) problems.push(`${at}: a create with a before`);
    if (expectsBefore === 'some' && change.before === null) problems.push(`${at}: an ${change.action} without a before`);
    if ((change.action === 'delete') !== (change.after === null)) problems.push(`${at}: ${change.action === 'delete' ? 'a delete with an after' : 'no after'}`);
    if (last.has(change.entityId) && !isDeepStrictEqual(change.before, last.get(change.entityId))) problems.push(`${at}: its before is not what change before it left`);
    last.set(change.entityId, change.after);
  }
  return { journalId: id, changes: changes.length, entities: last.size, problems };
}
