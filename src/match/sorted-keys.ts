import { StringTable } from '../string-table.ts';

/**
 * The keys of a table in sorted order (code unit order), for finding which of them
 * occur in a short text without the table's trie: a few binary searches per
 * position of the text. A process that rewrites one sentence then builds a trie of
 * the dozens of keys the sentence holds instead of reading one of hundreds of
 * thousands (Matcher.forTexts, LexiconWords).
 */
export class SortedKeys {
  constructor(
    readonly table: StringTable,
    /** Key numbers (indices into table) in sorted order of their keys. */
    readonly order: Int32Array,
  ) {}

  static of(table: StringTable): SortedKeys {
    const keys = Array.from({ length: table.size }, (_, i) => table.at(i));
    const order = Int32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    return new SortedKeys(table, order);
  }

  /**
   * Adds to found the number of every key that occurs in text, which must be folded
   * as the keys are. keysIn('辉达发布', found) adds the numbers of 辉达 and 发布 (when
   * they are keys).
   */
  keysIn(text: string, found: Set<number>): void {
    const n = this.order.length;
    for (let p = 0; p < text.length; p++) {
      // Keys in [lo, hi) all begin with text[p, p + depth).
      let lo = 0;
      let hi = n;
      for (let depth = 0; p + depth < text.length; depth++) {
        const unit = text.charCodeAt(p + depth);
        lo = this.firstAtLeast(lo, hi, depth, unit);
        hi = this.firstAtLeast(lo, hi, depth, unit + 1);
        if (lo >= hi) break;
        // The key that is exactly the prefix sorts first among those it begins.
        const first = this.order[lo]!;
        if (this.table.lengthAt(first) === depth + 1) found.add(first);
      }
    }
  }

  /** The first position in [lo, hi) whose key's unit at depth is at least unit (a key too short to have one counts as -1). */
  private firstAtLeast(lo: number, hi: number, depth: number, unit: number): number {
    const { all, offsets } = this.table;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.order[mid]!;
      const at = offsets[key]! + depth;
      const u = at < offsets[key + 1]! ? all.charCodeAt(at) : -1;
      if (u < unit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
