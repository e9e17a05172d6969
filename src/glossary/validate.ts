import type { Entry, Located } from './entry.ts';
import type { ExpandedEntry } from './expand.ts';
import { GlossaryError } from './glossary-error.ts';

export interface CompiledEntry {
  readonly entry: Located<Entry>;
  readonly expanded: ExpandedEntry;
}

/**
 * Rules that span entries: ids are unique, and no two entities share a folded name
 * unless both declare it under `ambiguous` (then context decides at scan time).
 * Returns the errors and how many declared ambiguous keys the glossary has.
 */
export function validateGlossary(compiled: readonly CompiledEntry[]): { errors: GlossaryError[]; ambiguousKeys: number } {
  const errors: GlossaryError[] = [];
  const ids = new Map<string, Located<Entry>>();
  for (const { entry } of compiled) {
    const first = ids.get(entry.value.id);
    if (first) errors.push(new GlossaryError(entry.file, entry.line, `duplicate id ${entry.value.id} (first defined at ${first.file}:${first.line})`));
    else ids.set(entry.value.id, entry);
  }

  const owners = new Map<string, { entry: Located<Entry>; text: string; declared: boolean }>();
  const sharedKeys = new Set<string>();
  for (const { entry, expanded } of compiled) {
    const seen = new Set<string>();
    for (const row of expanded.names) {
      if (seen.has(row.key)) continue;
      seen.add(row.key);
      const owner = owners.get(row.key);
      if (!owner) {
        owners.set(row.key, { entry, text: row.text, declared: row.ambiguity !== null });
        continue;
      }
      if (owner.entry.value.id === entry.value.id) continue;
      if (owner.declared && row.ambiguity !== null) {
        sharedKeys.add(row.key);
        continue;
      }
      const what = row.type === 'variant' ? `${row.text} (a spelling variant)` : row.text;
      errors.push(
        new GlossaryError(
          entry.file,
          entry.line,
          `${entry.value.id}: name ${what} folds to the same key as ${owner.entry.value.id}'s ${owner.text} ` +
            `(${owner.entry.file}:${owner.entry.line}); declare it under \`ambiguous\` in both entries, with context words`,
          owner.entry.value.id,
        ),
      );
    }
  }
  return { errors, ambiguousKeys: sharedKeys.size };
}
