import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foldText } from '../fold.ts';
import type { PackedLexicon } from '../match/lexicon-words.ts';

/**
 * Parsed lexicons by path. The file is the same for every build of a process (a
 * test file builds ten stores; parsing takes seconds), and a PackedLexicon is
 * immutable, so each path is read once.
 */
const parsed = new Map<string, PackedLexicon>();

/**
 * jieba's dictionary (@node-rs/jieba's dict.txt, MIT): 349,045 lines "word freq tag"
 * of ordinary simplified Chinese. Folded here as the matcher folds text, so its
 * words match traditional text too; two spellings that fold alike (4S店, 4s店)
 * count as the commoner one. Read once per path and process.
 *
 * readLexicon().words.split('\n').length -> 347450
 */
export function readLexicon(path = jiebaDictionary()): PackedLexicon {
  let lexicon = parsed.get(path);
  if (!lexicon) {
    lexicon = parseLexicon(readFileSync(path, 'utf8'));
    parsed.set(path, lexicon);
  }
  return lexicon;
}

/** Where @node-rs/jieba keeps its dictionary (dict.txt: "word freq tag" per line). */
export function jiebaDictionary(): string {
  return createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
}

function parseLexicon(text: string): PackedLexicon {
  const freq = new Map<string, number>();
  let total = 0;
  // Folded in one pass: folding maps unit to unit, and leaves digits, spaces and newlines alone.
  const folded = foldText(text);
  for (let at = 0; at < folded.length; ) {
    let end = folded.indexOf('\n', at);
    if (end < 0) end = folded.length;
    const space = folded.indexOf(' ', at);
    if (space > at && space < end) {
      const count = Number.parseInt(folded.slice(space + 1, end), 10);
      if (count > 0) {
        total += count;
        const word = folded.slice(at, space);
        if ((freq.get(word) ?? 0) < count) freq.set(word, count);
      }
    }
    at = end + 1;
  }
  return { words: [...freq.keys()].join('\n'), freqs: Uint32Array.from(freq.values()), total };
}
