// How far a scan over UTF-16 units steps where no key starts, as opencc-js's core.js does
// (by code point, an ideographic description sequence whole), and what code point it is on.

/** The code point at p (a lone surrogate is its own). */
export function codePointAt(src: Uint16Array, p: number, n: number): number {
  return codePointUnits(src, p, n) === 2 ? ((src[p]! - 0xd800) << 10) + (src[p + 1]! - 0xdc00) + 0x10000 : src[p]!;
}

/** Units of the code point at p: a surrogate pair is two, a lone surrogate one (as String.codePointAt). */
export function codePointUnits(src: Uint16Array, p: number, n: number): number {
  const unit = src[p]!;
  return unit >= 0xd800 && unit <= 0xdbff && p + 1 < n && (src[p + 1]! & 0xfc00) === 0xdc00 ? 2 : 1;
}

/**
 * Units at p that OpenCC copies as one when no key starts there (core.js
 * getUnmatchedLength): an ideographic description sequence with its operands,
 * nested ones included, else the code point.
 */
export function unmatchedUnits(src: Uint16Array, p: number, n: number): number {
  const unit = src[p]!;
  if (unit < 0x2ff0 || unit > 0x2fff) return codePointUnits(src, p, n);
  const end = descriptionEnd(src, p, n);
  return end > p ? end - p : 1;
}

/** Where the ideographic description sequence at p ends, or 0 when none starts there or the text ends first. */
function descriptionEnd(src: Uint16Array, p: number, n: number): number {
  const unit = src[p]!;
  const arity = unit < 0x2ff0 || unit > 0x2fff ? 0 : unit === 0x2ff2 || unit === 0x2ff3 ? 3 : 2;
  if (arity === 0) return 0;
  let end = p + 1;
  for (let k = 0; k < arity; k++) {
    if (end >= n) return 0;
    const inner = descriptionEnd(src, end, n);
    end = inner || end + codePointUnits(src, end, n);
  }
  return end;
}
