/** One step of turning a stored segment's tokens into the query's. */
export interface AlignmentStep {
  readonly op: 'same' | 'replace' | 'insert' | 'delete';
  /** Token index in the stored segment (-1 for insert). */
  readonly stored: number;
  /** Token index in the query (-1 for delete). */
  readonly query: number;
}

/**
 * Levenshtein distance between two token sequences with the alignment that
 * achieves it. Tokens are whole entities or single characters, so a different name
 * costs one edit however long it is written.
 * align([1, 2, 3], [1, 9, 3]) -> { distance: 1, steps: [same, replace, same] }
 */
export function align(stored: Int32Array, query: Int32Array): { distance: number; steps: AlignmentStep[] } {
  const n = stored.length;
  const m = query.length;
  const width = m + 1;
  const d = new Uint16Array((n + 1) * width);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * width] = i;
    const s = stored[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const sub = d[(i - 1) * width + j - 1]! + (s === query[j - 1] ? 0 : 1);
      const del = d[(i - 1) * width + j]! + 1;
      const ins = d[i * width + j - 1]! + 1;
      d[i * width + j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
  }
  const steps: AlignmentStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i * width + j]!;
    if (i > 0 && j > 0 && here === d[(i - 1) * width + j - 1]! + (stored[i - 1] === query[j - 1] ? 0 : 1)) {
      steps.push({ op: stored[i - 1] === query[j - 1] ? 'same' : 'replace', stored: i - 1, query: j - 1 });
      i--;
      j--;
    } else if (i > 0 && here === d[(i - 1) * width + j]! + 1) {
      steps.push({ op: 'delete', stored: i - 1, query: -1 });
      i--;
    } else {
      steps.push({ op: 'insert', stored: -1, query: j - 1 });
      j--;
    }
  }
  return { distance: d[n * width + m]!, steps: steps.reverse() };
}

/** A CAT-style match score: 100 is identical, each edit takes its share of the longer side. */
export function matchScore(distance: number, storedLength: number, queryLength: number): number {
  const longest = Math.max(storedLength, queryLength, 1);
  return Math.max(0, Math.floor((100 * (longest - distance)) / longest));
}
