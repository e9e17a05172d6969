/** Where a slice may end when its lines are too long: after a sentence. */
const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?'].map((c) => c.charCodeAt(0)));

/**
 * Cut text into consecutive slices of at most maxUnits UTF-16 units, each ending after
 * a line break where the slice has one, else after a sentence's end, else at maxUnits
 * (never between the halves of a surrogate pair). Names, glosses and the context a
 * mention is read in stay within a line, so slices of whole lines canonicalize as the
 * whole text does, save for evidence that one line gives about a name in another.
 * Returns the end offset of each slice.
 *
 * sliceEnds('第一行\n第二行', 5) -> [4, 7]
 */
export function sliceEnds(text: string, maxUnits: number): number[] {
  const ends: number[] = [];
  let from = 0;
  while (text.length - from > maxUnits) {
    const limit = from + maxUnits;
    let end = text.lastIndexOf('\n', limit - 1) + 1;
    if (end <= from) end = lastSentenceEnd(text, from, limit);
    if (end <= from) end = isLowSurrogate(text.charCodeAt(limit)) && isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
    ends.push(end);
    from = end;
  }
  ends.push(text.length);
  return ends;
}

/** The offset just after the last sentence end in text[from, limit), or -1. */
function lastSentenceEnd(text: string, from: number, limit: number): number {
  for (let i = limit - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (SENTENCE_ENDS.has(c)) return i + 1;
  }
  return -1;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** How many code points text[from, to) holds (a surrogate pair is one). */
export function codePointCount(text: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) n--;
  return n;
}
