import { hasHan } from '../src/match/lexicon-words.ts';

/*
 * Which lexicon words touch which glossary names, worked out from the strings, apart
 * from the guards' own tables: what test/lexicon-guards.test.ts holds the guards to.
 */

/** The Chinese name keys, by their proper prefixes and suffixes, for overlap tests. */
export interface NameIndex {
  readonly keys: ReadonlySet<string>;
  readonly byPrefix: ReadonlyMap<string, readonly string[]>;
  readonly bySuffix: ReadonlyMap<string, readonly string[]>;
  readonly longest: number;
}

export function nameIndex(keys: Iterable<string>): NameIndex {
  const chinese = new Set<string>();
  const byPrefix = new Map<string, string[]>();
  const bySuffix = new Map<string, string[]>();
  let longest = 0;
  for (const key of keys) {
    if (!hasHan(key) || chinese.has(key)) continue;
    chinese.add(key);
    longest = Math.max(longest, key.length);
    for (let i = 1; i < key.length; i++) {
      push(byPrefix, key.slice(0, i), key);
      push(bySuffix, key.slice(i), key);
    }
  }
  return { keys: chinese, byPrefix, bySuffix, longest };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * One way a name sits across a word: the name starts at offset `at` of the word
 * (negative when it starts before the word).
 */
export interface Overlap {
  readonly name: string;
  readonly at: number;
}

/**
 * Every way a name of the index overlaps a word without being it: the word contains
 * the name, starts before it and ends inside it, or starts inside it and ends after.
 *
 * overlapsOf('四川', nameIndex(['川普'])) -> [{ name: '川普', at: 1 }]
 * overlapsOf('阿里山', nameIndex(['阿里'])) -> [{ name: '阿里', at: 0 }]
 */
export function overlapsOf(word: string, names: NameIndex): Overlap[] {
  const out: Overlap[] = [];
  const n = word.length;
  for (let i = 0; i < n; i++) {
    // Names inside the word that start at i.
    for (let j = i + 1; j <= n && j - i <= names.longest; j++) {
      const piece = word.slice(i, j);
      if (names.keys.has(piece) && !(i === 0 && j === n)) out.push({ name: piece, at: i });
    }
    // Names that start at i and run past the word's end.
    if (i > 0) for (const name of names.byPrefix.get(word.slice(i)) ?? []) out.push({ name, at: i });
  }
  // Names that start before the word and end inside it.
  for (let j = 1; j < n; j++) for (const name of names.bySuffix.get(word.slice(0, j)) ?? []) out.push({ name, at: j - name.length });
  return out;
}

/**
 * Is the word a name with ordinary words around it (中国政府 = 中国 + 政府, 特朗普政府)?
 * Then the name is a mention inside it, and the word is no guard. A one-character
 * rest (阿里山, 中东部) makes a word of its own, and the name is not taken there.
 */
export function isCompositional(word: string, overlap: Overlap, counts: ReadonlyMap<string, number>): boolean {
  if (overlap.at < 0 || overlap.at + overlap.name.length > word.length) return false;
  const before = word.slice(0, overlap.at);
  const after = word.slice(overlap.at + overlap.name.length);
  const isWord = (part: string) => part === '' || (part.length >= 2 && counts.has(part));
  return isWord(before) && isWord(after);
}
