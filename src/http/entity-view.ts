import type { Entry } from '../glossary/entry.ts';
import type { EntityChange } from '../service/journal.ts';

/** The public shape of an entity: every locale present in `names` (null when the glossary has none). */
export function entityView(entry: Entry) {
  return {
    id: entry.id,
    kind: entry.kind,
    names: {
      'zh-CN': entry.names['zh-CN'] ?? null,
      'zh-TW': entry.names['zh-TW'] ?? null,
      'zh-HK': entry.names['zh-HK'] ?? null,
      en: entry.names.en ?? null,
    },
    aliases: [...entry.aliases, ...entry.ambiguous.map((a) => a.name).filter((n) => !entry.aliases.includes(n))],
    ...(entry.full ? { full: entry.full as Record<string, string> } : {}),
    ...(entry.short ? { short: entry.short as Record<string, string> } : {}),
    deprecated: [...entry.deprecated],
    ambiguous: entry.ambiguous.map((a) => ({ name: a.name, context: [...a.context], default: a.default })),
    ...(entry.wikidata ? { wikidata: entry.wikidata } : {}),
    ...(entry.note ? { note: entry.note } : {}),
    sources: [...entry.sources],
  };
}

/** The public shape of a journal change (GET /v1/entities/{id}/history, `glossary entity history --json`). */
export function changeView(change: EntityChange) {
  return {
    seq: change.seq,
    action: change.action,
    actor: change.actor,
    at: change.at,
    before: change.before ? entityView(change.before) : null,
    after: change.after ? entityView(change.after) : null,
    merged: change.merged,
  };
}

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
