import type { Entry } from '../glossary/entry.ts';
import { entityView } from '../service/entity-view.ts';

const serialized = new WeakMap<Entry, string>();

/**
 * JSON.stringify(entityView(entry)), computed once per entry: an entry never
 * changes (an edit makes a new one), and the entity is most of a lookup's answer.
 */
export function entityJson(entry: Entry): string {
  let json = serialized.get(entry);
  if (json === undefined) {
    json = JSON.stringify(entityView(entry));
    serialized.set(entry, json);
  }
  return json;
}
