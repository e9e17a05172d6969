import { foldText } from '../fold.ts';
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
 * Within an entry, no full form is also a short form (see fullAlsoShort).
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

  for (const { entry } of compiled) {
    const problem = fullAlsoShort(entry.value);
    if (problem) errors.push(new GlossaryError(entry.file, entry.line, problem));
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

/**
 * A full form that is also a short form makes every mention written so ambiguous: read
 * as full, each short 拜登 would become 乔·拜登. The matcher reads it as short; the
 * data should say what it means.
 * fullAlsoShort({ id: 'joe-biden', full: { 'zh-HK': '拜登' }, short: { 'zh-CN': '拜登' }, ... })
 *   -> 'joe-biden: full zh-HK 拜登 is also its short name (zh-CN) ...'
 */
export function fullAlsoShort(entry: Entry): string | undefined {
  const shorts = new Map(Object.entries(entry.short ?? {}).map(([locale, text]) => [foldText(text.normalize('NFC').trim()), locale]));
  for (const [locale, text] of Object.entries(entry.full ?? {})) {
    const shortIn = shorts.get(foldText(text.normalize('NFC').trim()));
    if (shortIn === undefined) continue;
    return (
      `${entry.id}: full ${locale} ${text} is also its short name (${shortIn}), so a mention ${text} cannot keep its form; ` +
      `give ${locale}'s full name, or leave full ${locale} out (the fallback fills it)`
    );
  }
  return undefined;
}
