import { describeForbidden, forbiddenChar } from '../stored-text.ts';
import { normalizeLanguage } from './language.ts';
import type { UnitInput } from './tm-repository.ts';

/** The longest segment any path stores (API, CLI, CSV/TSV and TMX import): fuzzy matching costs grow with it. */
export const MAX_SEGMENT_CHARS = 10_000;

/**
 * Check a unit written by hand (API body or CLI arguments): language tags that
 * normalize to distinct codes, at least two non-empty segments, no control
 * characters or lone surrogates. Returns the input with canonical tags, or the
 * problems in words a caller can act on.
 */
export function parseUnitInput(segments: Readonly<Record<string, string>>, notes?: readonly string[]): { ok: true; input: UnitInput } | { ok: false; error: string } {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const out: { lang: string; text: string }[] = [];
  for (const [code, text] of Object.entries(segments)) {
    const lang = normalizeLanguage(code);
    if (!lang) {
      problems.push(`segments.${code}: not a language tag (use zh-CN, zh-TW, zh-HK, en, ...)`);
      continue;
    }
    const twin = seen.get(lang);
    if (twin !== undefined) problems.push(`segments.${code}: the same language as ${twin}`);
    seen.set(lang, code);
    const problem = textProblem(text);
    if (problem) problems.push(`segments.${code}: ${problem}`);
    else out.push({ lang, text });
  }
  for (const [i, note] of (notes ?? []).entries()) {
    const problem = textProblem(note, true);
    if (problem) problems.push(`notes.${i}: ${problem}`);
  }
  if (problems.length === 0 && out.length < 2) problems.push(`segments: a unit needs at least two languages; got ${out.length === 0 ? 'none' : out[0]!.lang + ' only'}`);
  if (problems.length > 0) return { ok: false, error: problems.slice(0, 5).join('; ') };
  return { ok: true, input: { segments: out, notes } };
}

/** Why a segment's text (or a note) cannot be stored, or undefined when it can. */
export function textProblem(text: string, emptyOk = false): string | undefined {
  if (!emptyOk && text.trim() === '') return 'is empty';
  if (text.length > MAX_SEGMENT_CHARS) return `is longer than ${MAX_SEGMENT_CHARS.toLocaleString('en')} characters`;
  // Tab and line breaks are text; other control characters are not, and would not survive TMX.
  const found = forbiddenChar(text);
  return found && describeForbidden(found);
}
