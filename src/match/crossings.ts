import type { KeyTrie } from './key-trie.ts';

/**
 * Per name key, exactly which units next to a hit let a lexicon word cross its
 * edges by more than one unit of the hit: the word ends with the unit before and
 * two or more of the key's first units, or holds that unit and the whole key
 * (`before`); or it starts with two or more of the key's last units, or the whole
 * key, and goes on with the unit after (`after`). Crossing by one unit (a word that
 * ends with the unit before and the first, or starts with the last and the unit
 * after) is the lexicon's pair tables' to tell, for every key alike.
 *
 * Nearly every hit asks these, so they are short sorted lists a hit reads in one
 * cache line, not walks in the lexicon's trie (16 MB for jieba's, which the names'
 * trie keeps out of cache in a large glossary).
 *
 * For 美国: after holds 人 (美国人), 队 (美国队), ...; before holds 南 (南美国家).
 */
export class Crossings {
  private constructor(
    private readonly beforeStart: Int32Array,
    private readonly beforeUnits: Uint16Array,
    private readonly afterStart: Int32Array,
    private readonly afterUnits: Uint16Array,
  ) {}

  /**
   * words: the lexicon's words (folded, two units or more, with a Han character)
   * and its trie; keys: the names, folded, with their trie. Keys for which guarded
   * is 0 get no lists.
   */
  static compile(words: readonly string[], wordTrie: KeyTrie, keys: readonly string[], names: KeyTrie, guarded: Uint8Array): Crossings {
    const [beforeStart, beforeUnits] = pack(keys.length, beforeSets(words, keys, names, guarded));
    const [afterStart, afterUnits] = pack(keys.length, afterSets(words, wordTrie, keys, guarded));
    return new Crossings(beforeStart, beforeUnits, afterStart, afterUnits);
  }

  /** Does some word hold `before` and two or more of key's first units (ending inside the hit), or `before` and the whole key? */
  crossesWithBefore(key: number, before: number): boolean {
    return holds(this.beforeStart, this.beforeUnits, key, before);
  }

  /** Does some word start with two or more of key's last units, or the whole key, and go on with `after`? */
  crossesWithAfter(key: number, after: number): boolean {
    return holds(this.afterStart, this.afterUnits, key, after);
  }

  get bytes(): number {
    return this.beforeStart.byteLength + this.beforeUnits.byteLength + this.afterStart.byteLength + this.afterUnits.byteLength;
  }
}

function holds(start: Int32Array, units: Uint16Array, key: number, unit: number): boolean {
  let lo = start[key]!;
  let hi = start[key + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const u = units[mid]!;
    if (u === unit) return true;
    if (u < unit) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** Per key, the units before it that some word ends with, followed by two or more of its first units, or holds followed by the whole key. */
function beforeSets(words: readonly string[], keys: readonly string[], names: KeyTrie, guarded: Uint8Array): Map<number, Set<number>> {
  const byKey = new Map<number, Set<number>>();
  // Per names-trie state (a prefix of keys, two units or more): the units some word has before that prefix at its end.
  const byState = new Map<number, Set<number>>();
  for (const word of words) {
    for (let i = 1; i < word.length - 1; i++) {
      const before = word.charCodeAt(i - 1);
      let state = names.firsts[word.charCodeAt(i) * 4]!;
      for (let j = i + 1; j < word.length && state > 0; j++) {
        const slot = names.slot(state, word.charCodeAt(j));
        if (slot < 0) {
          state = 0;
          break;
        }
        const accepted = names.slotAccepts(slot);
        if (accepted !== 0 && guarded[accepted - 1] !== 0) add(byKey, accepted - 1, before);
        state = names.slotTarget(slot);
      }
      if (state > 0) add(byState, state, before);
    }
  }
  if (byState.size > 0) {
    keys.forEach((key, k) => {
      if (guarded[k] === 0) return;
      let state = names.firsts[key.charCodeAt(0) * 4]!;
      for (let j = 1; j < key.length - 1 && state > 0; j++) {
        const slot = names.slot(state, key.charCodeAt(j));
        state = slot < 0 ? 0 : names.slotTarget(slot);
        for (const unit of byState.get(state) ?? []) add(byKey, k, unit);
      }
    });
  }
  return byKey;
}

/** Per key, the units after it with which some word that starts with two or more of its last units, or the whole key, goes on. */
function afterSets(words: readonly string[], wordTrie: KeyTrie, keys: readonly string[], guarded: Uint8Array): Map<number, Set<number>> {
  // The word trie's states for each key's suffixes of two units or more, and the keys each stands for.
  const keysByState = new Map<number, number[]>();
  keys.forEach((key, k) => {
    if (guarded[k] === 0) return;
    for (let i = 0; i + 2 <= key.length; i++) {
      const state = stateAfter(wordTrie, key, i);
      if (state === 0) continue;
      const list = keysByState.get(state);
      if (list) list.push(k);
      else keysByState.set(state, [k]);
    }
  });
  const byKey = new Map<number, Set<number>>();
  if (keysByState.size === 0) return byKey;
  for (const word of words) {
    let state = wordTrie.firsts[word.charCodeAt(0) * 4]!;
    for (let j = 1; j + 1 < word.length && state > 0; j++) {
      const slot = wordTrie.slot(state, word.charCodeAt(j));
      state = slot < 0 ? 0 : wordTrie.slotTarget(slot);
      // state is after word[0, j]: two units or more, with word[j + 1] to go on.
      const owners = keysByState.get(state);
      if (owners) for (const k of owners) add(byKey, k, word.charCodeAt(j + 1));
    }
  }
  return byKey;
}

/** The trie's state after key[from, end) from its root, or 0 when no word starts so. */
function stateAfter(trie: KeyTrie, key: string, from: number): number {
  let state = trie.firsts[key.charCodeAt(from) * 4]!;
  for (let i = from + 1; i < key.length && state > 0; i++) {
    const slot = trie.slot(state, key.charCodeAt(i));
    state = slot < 0 ? 0 : trie.slotTarget(slot);
  }
  return state;
}

function add(sets: Map<number, Set<number>>, at: number, unit: number): void {
  const set = sets.get(at);
  if (set) set.add(unit);
  else sets.set(at, new Set([unit]));
}

/** Sets by key as sorted runs of one array: key k's are units[start[k], start[k + 1]). */
function pack(keyCount: number, sets: Map<number, Set<number>>): [Int32Array, Uint16Array] {
  const start = new Int32Array(keyCount + 1);
  let total = 0;
  for (let k = 0; k < keyCount; k++) {
    start[k] = total;
    total += sets.get(k)?.size ?? 0;
  }
  start[keyCount] = total;
  const units = new Uint16Array(total);
  for (const [k, set] of sets) units.set(Uint16Array.from(set).sort(), start[k]!);
  return [start, units];
}

