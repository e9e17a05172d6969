/**
 * A trie over folded keys, stored in typed arrays. The root's children sit in a
 * dense 65,536-slot table because every scan position starts there; deeper edges
 * sit in one open-addressing hash table keyed by (state, code unit). Immutable once
 * built, so a scanner can be swapped while requests are in flight.
 */
export class KeyTrie {
  private constructor(
    private readonly root: Int32Array,
    private readonly edgeFrom: Int32Array,
    private readonly edgeUnit: Uint16Array,
    private readonly edgeTo: Int32Array,
    private readonly mask: number,
    /** For each state, 1 + the index of the key that ends there, or 0. */
    readonly accept: Int32Array,
    /**
     * For each state, a 32-bit summary of its children (bit unit & 31): most steps
     * in running text lead nowhere, and this answers them without a hash probe.
     */
    readonly childBits: Int32Array,
    readonly states: number,
  ) {}

  /** KeyTrie.build(['北京', '北京大学']): keys are folded strings; key i is accepted as i. */
  static build(keys: readonly string[]): KeyTrie {
    let edges = 0;
    for (const k of keys) edges += Math.max(0, k.length - 1);
    const capacity = 1 << Math.max(4, Math.ceil(Math.log2(edges * 2 + 2)));
    const mask = capacity - 1;
    const root = new Int32Array(0x10000);
    const edgeFrom = new Int32Array(capacity);
    const edgeUnit = new Uint16Array(capacity);
    const edgeTo = new Int32Array(capacity);
    let accept = new Int32Array(1024);
    let childBits = new Int32Array(1024);
    let states = 1; // state 0 is the root

    const newState = (): number => {
      if (states === accept.length) {
        const grown = new Int32Array(accept.length * 2);
        grown.set(accept);
        accept = grown;
        const bits = new Int32Array(childBits.length * 2);
        bits.set(childBits);
        childBits = bits;
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
          const from = edgeFrom[slot]!;
          if (from === 0) {
            const next = newState();
            edgeFrom[slot] = state + 1;
            edgeUnit[slot] = unit;
            edgeTo[slot] = next;
            childBits[state] = childBits[state]! | (1 << (unit & 31));
            state = next;
            break;
          }
          if (from === state + 1 && edgeUnit[slot] === unit) {
            state = edgeTo[slot]!;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      if (accept[state] === 0) accept[state] = index + 1;
    });
    return new KeyTrie(root, edgeFrom, edgeUnit, edgeTo, mask, accept.slice(0, states), childBits.slice(0, states), states);
  }

  /** The state after `unit` from the root, or 0 when no key starts with it. */
  first(unit: number): number {
    return this.root[unit]!;
  }

  /** The state after `unit` from `state`, or 0 when no key continues that way. */
  next(state: number, unit: number): number {
    if ((this.childBits[state]! & (1 << (unit & 31))) === 0) return 0;
    const edgeFrom = this.edgeFrom;
    const tag = state + 1;
    let slot = hash(state, unit) & this.mask;
    for (;;) {
      const from = edgeFrom[slot]!;
      if (from === 0) return 0;
      if (from === tag && this.edgeUnit[slot] === unit) return this.edgeTo[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Rough memory held, in bytes. */
  get bytes(): number {
    return this.root.byteLength + this.edgeFrom.byteLength + this.edgeUnit.byteLength + this.edgeTo.byteLength + this.accept.byteLength + this.childBits.byteLength;
  }
}

function hash(state: number, unit: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}
