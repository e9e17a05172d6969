/** One step of turning a stored segment's tokens into the query's. */
export interface AlignmentStep {
  readonly op: 'same' | 'replace' | 'insert' | 'delete';
  /** Token index in the stored segment (-1 for insert). */
  readonly stored: number;
  /** Token index in the query (-1 for delete). */
  readonly query: number;
}

/** Above any distance a band can hold: the cost of a cell outside the band. */
const OUTSIDE = 0x3fffffff;

/**
 * Levenshtein distance between two token sequences with the alignment that
 * achieves it, when the distance is at most maxDistance; undefined when it is more.
 * Tokens are whole entities or single characters, so a different name costs one
 * edit however long it is written. Only cells within maxDistance of the diagonal
 * are computed (a path outside costs more than maxDistance), so the work is
 * alignCells(n, m, maxDistance), not n * m.
 * align([1, 2, 3], [1, 9, 3], 1) -> { distance: 1, steps: [same, replace, same] }
 * align([1, 2, 3], [7, 8, 9], 2) -> undefined
 */
export function align(stored: Int32Array, query: Int32Array, maxDistance = Math.max(stored.length, query.length)): { distance: number; steps: AlignmentStep[] } | undefined {
  const n = stored.length;
  const m = query.length;
  const k = Math.min(Math.max(0, Math.floor(maxDistance)), Math.max(n, m));
  if (Math.abs(n - m) > k) return undefined;
  // Row i keeps columns lo(i)..hi(i), at i * width + (j - lo(i)).
  const width = Math.min(2 * k + 1, m + 1);
  const lo = (i: number): number => (i > k ? i - k : 0);
  const hi = (i: number): number => (i + k < m ? i + k : m);
  const d = new Int32Array((n + 1) * width);
  const at = (i: number, j: number): number => {
    const from = i > k ? i - k : 0;
    return j < from || j > i + k || j > m ? OUTSIDE : d[i * width + j - from]!;
  };
  for (let j = 0; j <= hi(0); j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    const s = stored[i - 1]!;
    const from = lo(i);
    const to = hi(i);
    const row = i * width - from;
    // The row above starts no later and ends one column earlier or at m.
    const aboveFrom = lo(i - 1);
    const aboveTo = hi(i - 1);
    const above = (i - 1) * width - aboveFrom;
    let best = OUTSIDE;
    for (let j = from; j <= to; j++) {
      let cell: number;
      if (j === 0) cell = i;
      else {
        const sub = j - 1 >= aboveFrom ? d[above + j - 1]! + (s === query[j - 1] ? 0 : 1) : OUTSIDE;
        const del = j <= aboveTo ? d[above + j]! + 1 : OUTSIDE;
        const ins = j - 1 >= from ? d[row + j - 1]! + 1 : OUTSIDE;
        cell = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      }
      d[row + j] = cell;
      if (cell < best) best = cell;
    }
    // A row's smallest cost never falls in later rows.
    if (best > k) return undefined;
  }
  const distance = at(n, m);
  if (distance > k) return undefined;
  const steps: AlignmentStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = at(i, j);
    if (i > 0 && j > 0 && here === at(i - 1, j - 1) + (stored[i - 1] === query[j - 1] ? 0 : 1)) {
      steps.push({ op: stored[i - 1] === query[j - 1] ? 'same' : 'replace', stored: i - 1, query: j - 1 });
      i--;
      j--;
    } else if (i > 0 && here === at(i - 1, j) + 1) {
      steps.push({ op: 'delete', stored: i - 1, query: -1 });
      i--;
    } else {
      steps.push({ op: 'insert', stored: -1, query: j - 1 });
      j--;
    }
  }
  return { distance, steps: steps.reverse() };
}

/** How many cells align(stored, query, maxDistance) computes (and holds, 4 bytes each) for these lengths. */
export function alignCells(storedLength: number, queryLength: number, maxDistance: number): number {
  const k = Math.min(Math.max(0, Math.floor(maxDistance)), Math.max(storedLength, queryLength));
  return (storedLength + 1) * Math.min(2 * k + 1, queryLength + 1);
}

/**
 * The largest distance that still scores minScore between sequences of these
 * lengths: matchScore(d, n, m) >= minScore exactly when d <= maxDistanceFor(minScore, n, m).
 * maxDistanceFor(70, 10, 8) -> 3
 */
export function maxDistanceFor(minScore: number, storedLength: number, queryLength: number): number {
  const longest = Math.max(storedLength, queryLength, 1);
  // Scores are whole numbers, so 70.5 asks for 71.
  const wanted = Math.min(100, Math.max(0, Math.ceil(minScore)));
  return Math.floor((longest * (100 - wanted)) / 100);
}

/** A CAT-style match score: 100 is identical, each edit takes its share of the longer side. */
export function matchScore(distance: number, storedLength: number, queryLength: number): number {
  const longest = Math.max(storedLength, queryLength, 1);
  return Math.max(0, Math.floor((100 * (longest - distance)) / longest));
}
