import type { Entry } from './entry.ts';

/** An entity as a change made through the service left it: after is null when the change deleted it. */
export interface EntityEdit {
  readonly entityId: string;
  readonly after: Entry | null;
}

/** The last edit of each entity, by id: a later edit of an entity replaces an earlier one. */
export function lastEdits<T extends EntityEdit>(edits: readonly T[]): Map<string, T> {
  return new Map(edits.map((e) => [e.entityId, e]));
}
