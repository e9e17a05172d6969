/**
 * The code points of a folded segment as the translation memory compares it:
 * whitespace left out, as segment tokens leave it out.
 */
export function segmentPoints(folded: string): number[] {
  const points: number[] = [];
  for (const ch of folded) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    points.push(ch.codePointAt(0)!);
  }
  return points;
}

/**
 * The character pairs of a folded segment (segmentPoints), each as a positive 31-bit
 * number, sorted and unique: what the translation memory's pair index in PostgreSQL
 * holds per segment (tm_segment.grams) and what a lookup asks it for. Two code points
 * take 42 bits, more than an int4, so a pair is hashed (c1 * 1000003 + c2 mod
 * 2^31 - 1): a collision only adds a candidate, which the alignment then ranks. The
 * migration that fills old rows computes the same in SQL (2026-12-05-tm-grams.ts);
 * test/tm-lookup.test.ts holds the two together.
 *
 *   segmentGrams('英伟达') -> [pair(英,伟), pair(伟,达)] sorted
 */
export function segmentGrams(folded: string): number[] {
  const points = segmentPoints(folded);
  const grams = new Set<number>();
  // Exact in doubles: 0x10ffff * 1000003 + 0x10ffff is under 2^41.
  for (let i = 0; i + 1 < points.length; i++) grams.add((points[i]! * 1000003 + points[i + 1]!) % 2147483647);
  return [...grams].sort((a, b) => a - b);
}
