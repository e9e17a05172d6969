/**
 * A trie over folded keys, stored in typed arrays. The root's children sit in a
 * dense 65,536-slot table because every scan position starts there; deeper edges
 * sit in one open-addressing hash table keyed by (state, code unit). Immutable once
 * built, so a scanner can be swapped while requests are in flight.
 *
 * Memory layout is chosen for cache misses, which dominate with a large glossary:
 * an edge slot keeps its from, unit and to side by side, and a state keeps its
 * accepted key and child summary side by side, so each is one cache line.
 */
export class KeyTrie {
  private constructor(
    /**
     * Per first unit, side by side in one cache line: [4u] = the root child state
     * (0 = none), [4u+1] = its accepted key + 1, [4u+2] = its child summary. Every
     * scan position reads these three; apart they were three cache misses.
     */
    readonly firsts: Int32Array,
    /** Slot i: [3i] = from state + 1 (0 = empty), [3i+1] = unit, [3i+2] = to state. */
    private readonly edges: Int32Array,
    private readonly mask: number,
    /**
     * State s: [2s] = 1 + the index of the key that ends there (0 = none);
     * [2s+1] = a 32-bit summary of its children (bit unit & 31), so most dead
     * ends are answered without a hash probe.
     */
    private readonly stateInfo: Int32Array,
    readonly states: number,
    /**
     * A bit per hashed pair of first two units of any key. In a large glossary
     * nearly every Chinese character starts some name, but few pairs do; this turns
     * most dead ends after the first character into one cached bit test.
     */
    private readonly pairBits: Int32Array,
    private readonly pairMask: number,
  ) {}

  /** KeyTrie.build(['北京', '北京大学']): keys are folded strings; key i is accepted as i. */
  static build(keys: readonly string[]): KeyTrie {
    let edgeCount = 0;
    for (const k of keys) edgeCount += Math.max(0, k.length - 1);
    const capacity = 1 << Math.max(4, Math.ceil(Math.log2(edgeCount * 1.5 + 2)));
    const mask = capacity - 1;
    const root = new Int32Array(0x10000);
    const edges = new Int32Array(capacity * 3);
    let info = new Int32Array(2048);
    let states = 1; // state 0 is the root

    const newState = (): number => {
      if (states * 2 === info.length) {
        const grown = new Int32Array(info.length * 2);
        grown.set(info);
        info = grown;
      }
      return states++;
    };

    keys.forEach((key, index) => {
      if (key.length === 0) return;
      let state = root[key.charCodeAt(0)]!;
      if (state === 0) {
        state = newState();
        root[key.charCodeAt(0)] = state;
      }
      for (let i = 1; i < key.length; i++) {
        const unit = key.charCodeAt(i);
        let slot = hash(state, unit) & mask;
        for (;;) {
          const at = slot * 3;
          if (edges[at] === 0) {
            const next = newState();
            edges[at] = state + 1;
            edges[at + 1] = unit;
            edges[at + 2] = next;
            info[state * 2 + 1] = info[state * 2 + 1]! | (1 << (unit & 31));
            state = next;
            break;
          }
          if (edges[at] === state + 1 && edges[at + 1] === unit) {
            state = edges[at + 2]!;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      if (info[state * 2] === 0) info[state * 2] = index + 1;
    });

    const firsts = new Int32Array(0x10000 * 4);
    for (let unit = 0; unit < 0x10000; unit++) {
      const state = root[unit]!;
      if (state === 0) continue;
      firsts[unit * 4] = state;
      firsts[unit * 4 + 1] = info[state * 2]!;
      firsts[unit * 4 + 2] = info[state * 2 + 1]!;
    }
    const pairCount = 1 << Math.min(27, Math.max(12, Math.ceil(Math.log2(keys.length * 32 + 1))));
    const pairBits = new Int32Array(pairCount >>> 5);
    const pairMask = pairCount - 1;
    for (const key of keys) {
      if (key.length < 2) continue;
      const bit = pairHash(key.charCodeAt(0), key.charCodeAt(1)) & pairMask;
      pairBits[bit >>> 5] = pairBits[bit >>> 5]! | (1 << (bit & 31));
    }
    return new KeyTrie(firsts, edges, mask, info.slice(0, states * 2), states, pairBits, pairMask);
  }

  /** The state after `unit` from the root, or 0 when no key starts with it. */
  first(unit: number): number {
    return this.firsts[unit * 4]!;
  }

  /** May some key start with these two units? False means certainly not. */
  mayStartWith(first: number, second: number): boolean {
    if ((this.firsts[first * 4 + 2]! & (1 << (second & 31))) === 0) return false;
    const bit = pairHash(first, second) & this.pairMask;
    return (this.pairBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** 1 + the index of the key that ends at state, or 0. */
  accepts(state: number): number {
    return this.stateInfo[state * 2]!;
  }

  /** The state after `unit` from `state`, or 0 when no key continues that way. */
  next(state: number, unit: number): number {
    if ((this.stateInfo[state * 2 + 1]! & (1 << (unit & 31))) === 0) return 0;
    return this.probe(state, unit);
  }

  /** next() without the child summary, for a step already known to be likely. */
  probe(state: number, unit: number): number {
    const edges = this.edges;
    const tag = state + 1;
    let slot = hash(state, unit) & this.mask;
    for (;;) {
      const at = slot * 3;
      const from = edges[at]!;
      if (from === 0) return 0;
      if (from === tag && edges[at + 1] === unit) return edges[at + 2]!;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Rough memory held, in bytes. */
  get bytes(): number {
    return this.firsts.byteLength + this.edges.byteLength + this.stateInfo.byteLength + this.pairBits.byteLength;
  }
}

function hash(state: number, unit: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

function pairHash(first: number, second: number): number {
  const h = Math.imul(first ^ (second << 16) ^ (second >>> 16), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
