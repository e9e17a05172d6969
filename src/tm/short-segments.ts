/** The longest query the short path serves: shorter queries have no token pair to count. */
export const SHORT_QUERY_TOKENS = 2;
/** The longest segment a short query can reach: within two tokens of its length. */
export const SHORT_SEGMENT_TOKENS = SHORT_QUERY_TOKENS + 2;

/**
 * Candidates for queries of one or two tokens, which the pair index cannot serve.
 * Segments of up to SHORT_SEGMENT_TOKENS tokens are filed by family, length and each
 * token (and each adjacent pair), so a short query reads a few small buckets, best
 * first, and at most `perBucket` live segments from each: its work is bounded
 * whatever the memory holds. A segment that shares no token with the query scores
 * 0 and is not a candidate. Removed segments stay filed; the caller skips them.
 */
export class ShortSegments {
  private readonly buckets = new Map<string, number[]>();

  add(id: number, family: string, tokens: Int32Array): void {
    const n = tokens.length;
    if (n === 0 || n > SHORT_SEGMENT_TOKENS) return;
    const keys = new Set<string>();
    for (let i = 0; i < n; i++) keys.add(tokenKey(family, n, tokens[i]!));
    for (let i = 0; i + 1 < n; i++) keys.add(pairKey(family, n, tokens[i]!, tokens[i + 1]!));
    for (const key of keys) {
      const list = this.buckets.get(key);
      if (list) list.push(id);
      else this.buckets.set(key, [id]);
    }
  }

  /**
   * Segment ids for q (1 or 2 tokens), buckets likeliest to score highest first:
   * q itself as a run, then either token, nearest lengths first.
   * candidates([的], 'zh', 200, live) -> segments of 1, 2 or 3 tokens holding 的
   */
  candidates(q: Int32Array, family: string, perBucket: number, live: (id: number) => boolean): number[] {
    const m = q.length;
    const keys: string[] = [];
    const lengths = [m, m - 1, m + 1, m - 2, m + 2].filter((n) => n >= 1 && n <= SHORT_SEGMENT_TOKENS);
    if (m === 2) for (const n of lengths) if (n >= 2) keys.push(pairKey(family, n, q[0]!, q[1]!));
    for (const n of lengths) for (const token of new Set(q)) keys.push(tokenKey(family, n, token));
    const found = new Set<number>();
    for (const key of keys) {
      let taken = 0;
      for (const id of this.buckets.get(key) ?? []) {
        if (taken >= perBucket) break;
        if (!live(id)) continue;
        taken++;
        found.add(id);
      }
    }
    return [...found];
  }
}

function tokenKey(family: string, length: number, token: number): string {
  return `${family} ${length} ${token}`;
}

function pairKey(family: string, length: number, a: number, b: number): string {
  return `${family} ${length} ${a} ${b}`;
}
