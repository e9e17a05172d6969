import type { FoldTable } from '../fold.ts';

/**
 * A trie over folded keys, stored in typed arrays. The root's children sit in a
 * dense 65,536-entry table because every scan position starts there; deeper edges
 * sit in one open-addressing hash table keyed by (state, code unit). Immutable once
 * built, so a scanner can be swapped while requests are in flight.
 *
 * Memory layout is chosen for cache misses, which dominate with a large glossary:
 * what a walk needs at a state (the key it accepts, which units may follow) is
 * stored in the edge slot that leads there, so each step of a walk reads one slot,
 * one cache line, rather than an edge and then a state elsewhere in memory.
 */
export class KeyTrie {
  private constructor(
    /**
     * Per first unit, side by side in one cache line: [4u] = the root child state
     * (0 = none), [4u+1] = its accepted key + 1, [4u+2 + (unit >> 5 & 1)] = its
     * child summary (bit unit & 31 of one of two words, 64 bits in all). Every scan
     * position reads these; apart they were three misses.
     */
    readonly firsts: Int32Array,
    /**
     * Slot i, 16 bytes: [4i] = from state + 1 (0 = empty), [4i+1] = unit in the
     * low 16 bits and the target's child summary (bit unit & 15) in the high 16,
     * [4i+2] = the target state, [4i+3] = the key the target accepts + 1 (0 = none).
     */
    private readonly edges: Int32Array,
    private readonly mask: number,
    readonly states: number,
    /**
     * A bit per hashed pair of first two units of any key. In a large glossary
     * nearly every Chinese character starts some name, but few pairs do; this turns
     * most dead ends after the first character into one cached bit test.
     */
    private readonly pairBits: Int32Array,
    private readonly pairMask: number,
  ) {}

  /**
   * KeyTrie.build(['北京', '北京大学']): keys are folded strings; key i is accepted as i,
   * or as numbers[i] when given (a trie of some keys of a larger table, by their numbers there).
   */
  static build(keys: readonly string[], numbers?: ArrayLike<number>): KeyTrie {
    let edgeCount = 0;
    for (const k of keys) edgeCount += Math.max(0, k.length - 1);
    const capacity = 1 << Math.max(4, Math.ceil(Math.log2(edgeCount * 1.5 + 2)));
    let mask = capacity - 1;
    const root = new Int32Array(0x10000);
    let edges = new Int32Array(capacity * 4);
    // Per state while building: [3s] = accepted key + 1, [3s+2] = child summary (bit unit & 15).
    let info = new Int32Array(3072);
    let states = 1; // state 0 is the root

    const newState = (): number => {
      if (states * 3 === info.length) {
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
          const at = slot * 4;
          if (edges[at] === 0) {
            const next = newState();
            edges[at] = state + 1;
            edges[at + 1] = unit;
            edges[at + 2] = next;
            info[state * 3 + 2] = info[state * 3 + 2]! | (1 << (unit & 15));
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
      if (info[state * 3] === 0) info[state * 3] = (numbers ? numbers[index]! : index) + 1;
    });

    // The table was sized for every key's units, before prefixes were shared (about
    // three times the edges of a large glossary's keys): sized again for the edges
    // there are, as for a table of their number from the start.
    const fitted = 1 << Math.max(4, Math.ceil(Math.log2((states - 1) * 1.5 + 2)));
    if (fitted < capacity) {
      const old = edges;
      edges = new Int32Array(fitted * 4);
      mask = fitted - 1;
      for (let from = 0; from < old.length; from += 4) {
        if (old[from] === 0) continue;
        let slot = hash(old[from]! - 1, old[from + 1]!) & mask;
        while (edges[slot * 4] !== 0) slot = (slot + 1) & mask;
        edges.set(old.subarray(from, from + 4), slot * 4);
      }
    }
    // Each slot takes on what its target state knows, now that every key is in.
    for (let at = 0; at < edges.length; at += 4) {
      if (edges[at] === 0) continue;
      const to = edges[at + 2]!;
      edges[at + 1] = edges[at + 1]! | (info[to * 3 + 2]! << 16);
      edges[at + 3] = info[to * 3]!;
    }
    const firsts = new Int32Array(0x10000 * 4);
    for (let unit = 0; unit < 0x10000; unit++) {
      const state = root[unit]!;
      if (state === 0) continue;
      firsts[unit * 4] = state;
      firsts[unit * 4 + 1] = info[state * 3]!;
    }
    // The root's children get a 64-bit summary: a first unit has far more children than a deeper state.
    for (const key of keys) {
      if (key.length < 2) continue;
      const second = key.charCodeAt(1);
      const at = key.charCodeAt(0) * 4 + 2 + ((second >>> 5) & 1);
      firsts[at] = firsts[at]! | (1 << (second & 31));
    }
    const pairCount = 1 << Math.min(27, Math.max(12, Math.ceil(Math.log2(keys.length * 32 + 1))));
    const pairBits = new Int32Array(pairCount >>> 5);
    const pairMask = pairCount - 1;
    for (const key of keys) {
      if (key.length < 2) continue;
      const bit = pairHash(key.charCodeAt(0), key.charCodeAt(1)) & pairMask;
      pairBits[bit >>> 5] = pairBits[bit >>> 5]! | (1 << (bit & 31));
    }
    return new KeyTrie(firsts, edges, mask, states, pairBits, pairMask);
  }

  /** What the trie is made of, for a compiled artifact (KeyTrie.fromParts reads it back). */
  parts(): KeyTrieParts {
    return { firsts: this.firsts, edges: this.edges, mask: this.mask, states: this.states, pairBits: this.pairBits, pairMask: this.pairMask };
  }

  static fromParts(p: KeyTrieParts): KeyTrie {
    return new KeyTrie(p.firsts, p.edges, p.mask, p.states, p.pairBits, p.pairMask);
  }

  /** May some key start with these two units? False means certainly not. */
  mayStartWith(first: number, second: number): boolean {
    if ((this.firsts[first * 4 + 2 + ((second >>> 5) & 1)]! & (1 << (second & 31))) === 0) return false;
    const bit = pairHash(first, second) & this.pairMask;
    return (this.pairBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * The slot of the edge from `state` by `unit` (an offset into the slot table), or
   * -1 when no key continues that way. slotTarget, slotAccepts and slotMayContinue
   * read what the walk needs next from the same slot.
   */
  slot(state: number, unit: number): number {
    const edges = this.edges;
    const tag = state + 1;
    let slot = hash(state, unit) & this.mask;
    for (;;) {
      const at = slot * 4;
      const from = edges[at]!;
      if (from === 0) return -1;
      if (from === tag && (edges[at + 1]! & 0xffff) === unit) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The state the edge at slot leads to. */
  slotTarget(slot: number): number {
    return this.edges[slot + 2]!;
  }

  /** 1 + the index of the key that ends where the edge at slot leads, or 0. */
  slotAccepts(slot: number): number {
    return this.edges[slot + 3]!;
  }

  /** False when certainly no key continues by `unit` past the edge at slot. */
  slotMayContinue(slot: number, unit: number): boolean {
    return (this.edges[slot + 1]! & (1 << (16 + (unit & 15)))) !== 0;
  }

  /** Rough memory held, in bytes. */
  get bytes(): number {
    return this.firsts.byteLength + this.edges.byteLength + this.pairBits.byteLength;
  }
}

export interface KeyTrieParts {
  readonly firsts: Int32Array;
  readonly edges: Int32Array;
  readonly mask: number;
  readonly states: number;
  readonly pairBits: Int32Array;
  readonly pairMask: number;
}

/**
 * The keys of trie that text[from, end) folds to, end <= to, written to ends and
 * keys (shortest first); returns how many. Arrays, not a callback: this runs in the
 * scan's hot loop, where a closure per call costs more than the walk.
 */
export function keysAt(trie: KeyTrie, text: string, fold: FoldTable, from: number, to: number, ends: Int32Array, keys: Int32Array): number {
  let count = 0;
  const first = fold[text.charCodeAt(from)]!;
  const accepted = trie.firsts[first * 4 + 1]!;
  if (accepted !== 0) {
    ends[count] = from + 1;
    keys[count++] = accepted - 1;
  }
  let state = trie.firsts[first * 4]!;
  if (state === 0 || from + 1 >= to || !trie.mayStartWith(first, fold[text.charCodeAt(from + 1)]!)) return count;
  for (let j = from + 1; j < to && count < ends.length; j++) {
    const slot = trie.slot(state, fold[text.charCodeAt(j)]!);
    if (slot < 0) break;
    const key = trie.slotAccepts(slot);
    if (key !== 0) {
      ends[count] = j + 1;
      keys[count++] = key - 1;
    }
    state = trie.slotTarget(slot);
  }
  return count;
}

/**
 * The keys of a matcher patched by edits (matcher-patch.ts): its base trie's keys but
 * the dead ones (whose every name was removed), and a small trie of the keys added
 * since, numbered after the base's. A key is in one of the two, never both.
 */
export class LayeredKeys {
  constructor(
    readonly base: KeyTrie,
    /** Per base key, 1 when no name is left behind it. */
    readonly dead: Uint8Array,
    readonly added: KeyTrie,
    /** Per unit, 1 when some added key starts with it: most positions skip the added trie on one cached byte. */
    readonly addedFirsts: Uint8Array,
  ) {}

  /** Scratch for the added trie's keys in keysAt (which runs to completion: one pair serves every call). */
  private addedEnds = new Int32Array(0);
  private addedKeys = new Int32Array(0);

  /** keysAt over both layers, shortest first. */
  keysAt(text: string, fold: FoldTable, from: number, to: number, ends: Int32Array, keys: Int32Array): number {
    let count = keysAt(this.base, text, fold, from, to, ends, keys);
    let kept = 0;
    for (let c = 0; c < count; c++) {
      if (this.dead[keys[c]!] === 1) continue;
      ends[kept] = ends[c]!;
      keys[kept++] = keys[c]!;
    }
    count = kept;
    if (this.addedFirsts[fold[text.charCodeAt(from)]!] === 0) return count;
    if (this.addedEnds.length < ends.length) {
      this.addedEnds = new Int32Array(ends.length);
      this.addedKeys = new Int32Array(ends.length);
    }
    const { addedEnds, addedKeys } = this;
    const added = keysAt(this.added, text, fold, from, to, addedEnds, addedKeys);
    for (let a = 0; a < added && count < ends.length; a++) {
      // Keep the order by end: the added key goes before the base keys that end later.
      let at = count;
      while (at > 0 && ends[at - 1]! > addedEnds[a]!) at--;
      ends.copyWithin(at + 1, at, count);
      keys.copyWithin(at + 1, at, count);
      ends[at] = addedEnds[a]!;
      keys[at] = addedKeys[a]!;
      count++;
    }
    return count;
  }
}

/** The names a guard's segmentation walks: a trie, or a patched matcher's layers. */
export type NameKeys = KeyTrie | LayeredKeys;

/** keysAt for either kind of NameKeys. */
export function nameKeysAt(names: NameKeys, text: string, fold: FoldTable, from: number, to: number, ends: Int32Array, keys: Int32Array): number {
  return names instanceof KeyTrie ? keysAt(names, text, fold, from, to, ends, keys) : names.keysAt(text, fold, from, to, ends, keys);
}

function hash(state: number, unit: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The hash of two adjacent units, for the tables of pairs (KeyTrie's, the lexicon's pair index). */
export function pairHash(first: number, second: number): number {
  const h = Math.imul(first ^ (second << 16) ^ (second >>> 16), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
