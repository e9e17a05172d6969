import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foldText } from '../fold.ts';
import type { LexiconRows } from '../match/lexicon-words.ts';

/**
 * jieba's dictionary (@node-rs/jieba's dict.txt, MIT): 349,045 lines "word freq tag"
 * of ordinary simplified Chinese. Folded here as the matcher folds text, so its
 * words match traditional text too; two spellings that fold alike (4S店, 4s店)
 * count as the commoner one.
 */
export function readLexicon(path = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')): LexiconRows {
  const freq = new Map<string, number>();
  let total = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const count = Number.parseInt(line.slice(space + 1), 10);
    if (!(count > 0)) continue;
    total += count;
    const word = foldText(line.slice(0, space));
    if ((freq.get(word) ?? 0) < count) freq.set(word, count);
  }
  return { total, words: [...freq].map(([word, f]) => ({ word, freq: f })) };
}
