import { foldText } from '../../fold.ts';
import { NAME_LOCALES } from '../../locale.ts';
import { parseEntry, type Entry, type EntryIssue } from '../entry.ts';


/** An imported entry as its YAML holds it (cgroup-import.ts's ImportedEntry, read back). */
export interface ImportedFields {
  readonly id?: unknown;
  readonly kind?: unknown;
  readonly names?: Record<string, unknown>;
  readonly aliases?: unknown;
  readonly outputOnly?: unknown;
  readonly topics?: unknown;
  readonly ambiguous?: unknown;
  readonly sources?: unknown;
  readonly licence?: unknown;
}

/**
 * An imported entry as a glossary entry of today's shape, checked by the build's
 * schema: its topics kept (it applies only where they are enabled), and a name only
 * ever written
 * (outputOnly) is left out, since every name of an entry is also looked for.
 */
export function asGlossaryEntry(fields: ImportedFields): { ok: true; entry: Entry } | { ok: false; issues: EntryIssue[] } {
  const outputOnly = new Set(strings(fields.outputOnly).map(foldText));
  const names: Record<string, unknown> = {};
  const extra: string[] = [];
  for (const [locale, form] of Object.entries(fields.names ?? {})) {
    if (typeof form === 'string' && outputOnly.has(foldText(form))) continue;
    // Every region the import writes is one the glossary names; a form of another variant, should one come, is an alias.
    if ((NAME_LOCALES as readonly string[]).includes(locale)) names[locale] = form;
    else if (typeof form === 'string') extra.push(form);
  }
  const known = new Set(Object.values(names).filter((f): f is string => typeof f === 'string').map(foldText));
  const aliases: string[] = [];
  for (const form of [...strings(fields.aliases), ...extra]) {
    const key = foldText(form);
    if (known.has(key) || outputOnly.has(key)) continue;
    known.add(key);
    aliases.push(form);
  }
  // A form only ever written is never looked for, so never ambiguous either.
  const ambiguous = Array.isArray(fields.ambiguous) ? fields.ambiguous.filter((a) => !(typeof a === 'object' && a !== null && typeof (a as { name?: unknown }).name === 'string' && outputOnly.has(foldText((a as { name: string }).name)))) : (fields.ambiguous ?? []);
  return parseEntry({ id: fields.id, kind: fields.kind, names, aliases, ambiguous, sources: fields.sources ?? [], ...(fields.topics !== undefined ? { topics: fields.topics } : {}), ...(fields.licence !== undefined ? { licence: fields.licence } : {}) });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
