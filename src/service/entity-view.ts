import type { Entry } from '../glossary/entry.ts';
import { OTHER_REGIONS } from '../locale.ts';
import type { EntityChange } from './journal.ts';

// The public shapes of an entity and of a journal change: what the API answers and the
// CLI prints with --json, one shape for both (so the CLI needs nothing from http/).

/**
 * The public shape of an entity: zh-CN, zh-TW, zh-HK and en in `names` (null when the
 * glossary has none), and zh-SG, zh-MY and zh-MO when it has them (few entries do);
 * its `version` where the caller knows it (the entity routes: see GlossaryKeeper.versionOf).
 */
export function entityView(entry: Entry, version?: number) {
  return {
    id: entry.id,
    ...(version !== undefined ? { version } : {}),
    kind: entry.kind,
    names: {
      'zh-CN': entry.names['zh-CN'] ?? null,
      'zh-TW': entry.names['zh-TW'] ?? null,
      'zh-HK': entry.names['zh-HK'] ?? null,
      en: entry.names.en ?? null,
      ...Object.fromEntries(OTHER_REGIONS.filter((r) => entry.names[r] !== undefined).map((r) => [r, entry.names[r]!])),
    },
    aliases: [...entry.aliases, ...entry.ambiguous.map((a) => a.name).filter((n) => !entry.aliases.includes(n))],
    ...(entry.full ? { full: entry.full as Record<string, string> } : {}),
    ...(entry.short ? { short: entry.short as Record<string, string> } : {}),
    deprecated: [...entry.deprecated],
    ...(entry.admitted ? { admitted: Object.fromEntries(Object.entries(entry.admitted).map(([region, forms]) => [region, [...forms]])) } : {}),
    ambiguous: entry.ambiguous.map((a) => ({ name: a.name, context: [...a.context], default: a.default, ...(a.regions ? { regions: [...a.regions] } : {}), ...(a.against ? { against: [...a.against] } : {}) })),
    ...(entry.wikidata ? { wikidata: entry.wikidata } : {}),
    ...(entry.note ? { note: entry.note } : {}),
    sources: [...entry.sources],
    ...(entry.topics ? { topics: [...entry.topics] } : {}),
    ...(entry.licence ? { licence: entry.licence } : {}),
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

