import { codePointLabel } from '../stored-text.ts';

/** The longest actor name the journal records, in code points. */
export const MAX_ACTOR_CHARS = 64;

/**
 * A name to record as the author of changes (`--actor`, GLOSSARY_ACTOR): trimmed,
 * 1 to MAX_ACTOR_CHARS code points, with no control, format or line-breaking
 * characters, so a history line shows exactly who it says.
 *
 *   parseActor(' 王小明 ')    // { ok: true, actor: '王小明' }
 *   parseActor('a\tb')        // { ok: false, error: 'contains the control or format character U+0009 at 1; ...' }
 */
export function parseActor(value: string): { ok: true; actor: string } | { ok: false; error: string } {
  const actor = value.trim();
  if (actor.length === 0) return { ok: false, error: 'is empty; give the name to record as the author of the changes, e.g. alice' };
  const length = [...actor].length;
  if (length > MAX_ACTOR_CHARS) return { ok: false, error: `is ${length} characters long; at most ${MAX_ACTOR_CHARS}` };
  const bad = /[\p{C}\p{Zl}\p{Zp}]/u.exec(actor);
  if (bad) return { ok: false, error: `contains the control or format character ${codePointLabel(bad[0].codePointAt(0)!)} at ${bad.index}; use printable characters only` };
  return { ok: true, actor };
}
