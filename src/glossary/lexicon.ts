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
export function readLexicon(path = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')): PackedLexicon {
  let lexicon = parsed.get(path);
  if (!lexicon) {
    lexicon = parseLexicon(readFileSync(path, 'utf8'));
    parsed.set(path, lexicon);
  }
  return lexicon;
}

function parseLexicon(text: string): PackedLexicon {
  const freq = new Map<string, number>();
  let total = 0;
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const count = Number.parseInt(line.slice(space + 1), 10);
    if (!(count > 0)) continue;
    total += count;
    const word = foldText(line.slice(0, space));
    if ((freq.get(word) ?? 0) < count) freq.set(word, count);
  }
  return { words: [...freq.keys()].join('\n'), freqs: Uint32Array.from(freq.values()), total };
}
