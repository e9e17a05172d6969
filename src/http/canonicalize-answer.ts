import { canonicalizeInSteps, type CanonicalizeOptions, type Canonicalized } from '../canonicalize.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { isHighSurrogate } from '../utf16.ts';
import type { EventLoopTurns } from './event-loop-turns.ts';

/**
 * Text rewritten in one turn: ~16,000 units, a few milliseconds even when every other
 * word is a name or the text is converted too. A news article fits in one.
 */
export const STEP_UNITS = 16 * 1024;
/** Ambiguous mentions decided by context in one turn: a few milliseconds. */
const CONTEXT_STEP = 2048;
/** Mentions written to the answer in one turn: a few milliseconds of JSON. */
export const MENTIONS_PER_TURN = 4096;
/** Units of the rewritten text written to the answer in one turn. */
const TEXT_UNITS_PER_TURN = 256 * 1024;

/**
 * The answer of POST /v1/canonicalize for a long text: Canonicalized.json()'s text,
 * made in turns with other requests. The whole text is scanned in one turn (tens of
 * milliseconds for 1,000,000 characters), its ambiguous mentions decided CONTEXT_STEP
 * at a time, and it is rewritten STEP_UNITS at a time (canonicalizeInSteps), and the answer is written a piece per
 * turn, so /healthz and small requests are answered meanwhile and the answer (up to
 * ~50 MB for a text of names) is never held whole.
 */
export async function* canonicalizeInTurns(glossary: GlossarySnapshot, text: string, options: CanonicalizeOptions, turns: EventLoopTurns): AsyncGenerator<string> {
  const steps = canonicalizeInSteps(glossary, text, options, STEP_UNITS, CONTEXT_STEP);
  let step = steps.next();
  while (!step.done) {
    await turns.next();
    step = steps.next();
  }
  yield* answerInTurns(step.value, turns);
}

/** Canonicalized.json()'s text, a piece per turn. */
export async function* answerInTurns(result: Canonicalized, turns: EventLoopTurns): AsyncGenerator<string> {
  const text = result.text;
  yield '{"text":"';
  for (let from = 0; from < text.length; ) {
    await turns.next();
    let to = Math.min(text.length, from + TEXT_UNITS_PER_TURN);
    // Never between the halves of a surrogate pair (each half alone would be escaped).
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to++;
    // A JSON string's inside, quotes off: escapes never span two pieces.
    yield JSON.stringify(text.slice(from, to)).slice(1, -1);
    from = to;
  }
  yield '","mentions":[';
  const quoted = new Map<string, string>();
  for (let i = 0; i < result.mentionCount; i += MENTIONS_PER_TURN) {
    await turns.next();
    const json = result.nextMentionsJson(MENTIONS_PER_TURN, quoted);
    yield i === 0 ? json : `,${json}`;
  }
  yield ']}';
}
