import { canonicalize, type CanonicalizeOptions, type Canonicalized } from '../canonicalize.ts';
import { isWordUnit } from '../fold.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { codePointCount, sliceEnds } from '../text-slices.ts';
import type { EventLoopTurns } from './event-loop-turns.ts';

/**
 * A slice of text canonicalized in one turn: ~16,000 units, a few milliseconds even
 * when every other word is a name. A news article fits in one.
 */
export const SLICE_UNITS = 16 * 1024;
/** Mentions written to the answer in one turn: a few milliseconds of JSON. */
export const MENTIONS_PER_TURN = 4096;

/**
 * The answer of POST /v1/canonicalize, the text of Canonicalized.json(), in pieces, for a text too long to canonicalize in one turn: the text
 * is canonicalized a slice at a time (see sliceEnds) and the answer written a piece at
 * a time, each piece in its own turn, so other requests are answered meanwhile and the
 * answer (up to ~50 MB for a text of names) is never held whole.
 */
export async function* canonicalizeInTurns(glossary: GlossarySnapshot, text: string, options: CanonicalizeOptions, turns: EventLoopTurns): AsyncGenerator<string> {
  const slices: Array<{ result: Canonicalized; shift: number } | undefined> = [];
  yield '{"text":"';
  let from = 0;
  let shift = 0;
  let lastUnit = 0;
  for (const end of sliceEnds(text, SLICE_UNITS)) {
    await turns.next();
    const result = canonicalize(glossary, text.slice(from, end), options);
    slices.push({ result, shift });
    // The space the rewrite puts between a Latin name and a word it comes to touch
    // (川普川普 -> Trump Trump), where they meet across two slices.
    const space = from > 0 && isWordUnit(lastUnit) && isWordUnit(result.text.charCodeAt(0)) && !(isWordUnit(text.charCodeAt(from - 1)) && isWordUnit(text.charCodeAt(from)));
    if (result.text.length > 0) lastUnit = result.text.charCodeAt(result.text.length - 1);
    shift += codePointCount(text, from, end);
    from = end;
    // A JSON string's inside, quotes off: escapes never span two slices.
    yield (space ? ' ' : '') + JSON.stringify(result.text).slice(1, -1);
  }
  yield '","mentions":[';
  const quoted = new Map<string, string>();
  let first = true;
  for (let s = 0; s < slices.length; s++) {
    const { result, shift } = slices[s]!;
    slices[s] = undefined; // written: its memory can go
    for (let i = 0; i < result.mentionCount; i += MENTIONS_PER_TURN) {
      await turns.next();
      const json = result.mentionsJson(i, Math.min(result.mentionCount, i + MENTIONS_PER_TURN), shift, quoted);
      yield first ? json : `,${json}`;
      first = false;
    }
  }
  yield ']}';
}
