import { describe, expect, it } from 'vitest';
import { foldTable, foldText } from '../src/fold.ts';
import { KeyTrie, keysAt } from '../src/match/key-trie.ts';

/** The keys of trie that start at text's first unit, as [end, key number] pairs. */
function keysFrom(trie: KeyTrie, text: string): Array<[number, number]> {
  const ends = new Int32Array(64);
  const keys = new Int32Array(64);
  const count = keysAt(trie, text, foldTable(), 0, text.length, ends, keys);
  return Array.from({ length: count }, (_, i) => [ends[i]!, keys[i]!]);
}

describe('KeyTrie.build', () => {
  // 2,000 keys of 10 to 39 units that share their first ten or more.
  const stems = ['国际商业机器公司研究院', '中华人民共和国国务院'];
  const keys = stems.flatMap((stem) => Array.from({ length: 1000 }, (_, i) => `${stem}${String(i).padStart(4, '0')}${stem}`.slice(0, 10 + (i % 30))));
  const unique = [...new Set(keys.map(foldText))];
  const trie = KeyTrie.build(unique);

  it('sizes its edge table for the edges the shared prefixes leave, not for every unit of every key', () => {
    const { mask, states } = trie.parts();
    const slots = mask + 1;
    // At least 1.5 slots an edge (probes stay short), at most 3 (the size is a power of two).
    expect(slots / (states - 1)).toBeGreaterThanOrEqual(1.5);
    expect(slots / (states - 1)).toBeLessThanOrEqual(3);
    // Sized for every unit after each key's first, as before, it held twice as many.
    const units = unique.reduce((sum, key) => sum + key.length - 1, 0);
    expect(slots).toBeLessThan(2 ** Math.ceil(Math.log2(units * 1.5 + 2)));
  });

  it('finds every key, and only keys, after sizing the table again', () => {
    unique.forEach((key, k) => expect(keysFrom(trie, key).at(-1)).toEqual([key.length, k]));
    // A key's prefixes that are no keys are not found; one unit more than a key is not one.
    expect(keysFrom(trie, foldText('国际商业机器公司研')).length).toBe(0);
    expect(keysFrom(trie, `${unique[0]}X`)).toEqual([[unique[0]!.length, 0]]);
  });
});
