import type { Entry } from '../glossary/entry.ts';
import type { NameRow } from '../glossary/expand.ts';
import { fullAlsoShort } from '../glossary/validate.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { appliesEverywhere } from '../topics.ts';

/** Enough lookup hits to hold every entity that names one key (the most-shared forms, titles of works, have a few dozen). */
const OWNERS_OF_A_KEY = 200;

/** What a written entry breaks of the build's rules, in the order the build says them. */
export interface WriteConflicts {
  readonly errors: readonly string[];
  /** The entity the first clash is with, if any. */
  readonly conflictsWith?: string;
}

/**
 * The build's cross-entry rules (validateGlossary) for one written entry against the
 * glossary it is written into, with the build's messages: the entry's own full/short
 * rule, then, for each key its names fold to, the entity with the smallest id that
 * already names that key (the one validateGlossary, reading entries in id order with
 * the written one last, would call the owner): a clash unless both declare the name
 * ambiguous. The other entities are found through the matcher's keys and candidates
 * (a candidate's ambiguity is its entity's first name of that key, as the owner's
 * `declared` is), so a write at 100,000 entities checks a few keys instead of every
 * name of the glossary. Entries with topics are not in the matcher (they are laid over
 * it per request): when the glossary has topics, their names are found through the
 * lookup index's exact and variant matches. `names` is the entry expanded (GlossarySnapshot.expansionOf); the snapshot must
 * be a whole glossary's (GlossarySnapshot.load or fromRows, not forTexts).
 */
export async function writeConflicts(snapshot: GlossarySnapshot, entry: Entry, names: readonly NameRow[]): Promise<WriteConflicts> {
  const errors: string[] = [];
  let conflictsWith: string | undefined;
  const own = fullAlsoShort(entry);
  if (own) errors.push(own);
  const seen = new Set<string>();
  const scoped = (await snapshot.topicIndex()).size > 0;
  for (const row of names) {
    if (seen.has(row.key)) continue;
    seen.add(row.key);
    let owner: { id: string; declared: boolean } | undefined;
    const key = snapshot.matcher.keyNumber(row.key);
    if (key >= 0) {
      for (const c of snapshot.matcher.candidates(key)) {
        if (c.entityId === entry.id || (owner && owner.id <= c.entityId)) continue;
        owner = { id: c.entityId, declared: c.ambiguity !== null };
      }
    }
    if (scoped) {
      for (const hit of snapshot.lookup.lookup(row.text, OWNERS_OF_A_KEY)) {
        if ((hit.how !== 'exact' && hit.how !== 'variant') || hit.entityId === entry.id || (owner && owner.id <= hit.entityId)) continue;
        const other = snapshot.entries.get(hit.entityId)!;
        if (appliesEverywhere(other)) continue;
        const name = snapshot.expansionOf(other).names.find((n) => n.key === row.key);
        if (name) owner = { id: other.id, declared: name.ambiguity !== null };
      }
    }
    if (!owner || (owner.declared && row.ambiguity !== null)) continue;
    const ownerEntry = snapshot.entries.get(owner.id)!;
    // The owner's name as written: its first name of this key, as the build expands it.
    const ownerText = snapshot.expansionOf(ownerEntry).names.find((n) => n.key === row.key)?.text ?? row.key;
    const where = (await snapshot.locationOf(owner.id)) ?? { file: `service change to ${owner.id}`, line: 1 };
    const what = row.type === 'variant' ? `${row.text} (a spelling variant)` : row.text;
    errors.push(`${entry.id}: name ${what} folds to the same key as ${owner.id}'s ${ownerText} (${where.file}:${where.line}); declare it under \`ambiguous\` in both entries, with context words`);
    conflictsWith ??= owner.id;
  }
  return { errors, ...(conflictsWith ? { conflictsWith } : {}) };
}
