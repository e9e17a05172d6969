import { readFileSync } from 'node:fs';
import { foldText } from '../../fold.ts';
import { jiebaDictionary } from '../lexicon.ts';

/** jieba's tags for proper names: people (nr, nrfg, nrt), places (ns), organisations (nt), other names (nz). */
const NAME_TAGS = new Set(['nr', 'nrfg', 'nrt', 'ns', 'nt', 'nz']);

/**
 * Is a form an ordinary word of Chinese: in jieba's dictionary (@node-rs/jieba's
 * dict.txt, the lexicon the matcher's guards use) under a tag that is not a proper
 * name's? 合作 (vn), 机构 (n), 关于 (p) are; 沙特阿拉伯 (ns), 白宫 (nr) are not. Compared
 * folded, as the matcher compares, so traditional forms (機構) count too.
 */
export function ordinaryWords(path = jiebaDictionary()): (form: string) => boolean {
  const ordinary = new Set<string>();
  const names = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [word, , tag] = line.split(' ');
    if (!word || !tag) continue;
    (NAME_TAGS.has(tag.trim()) ? names : ordinary).add(foldText(word));
  }
  // A word the dictionary also lists as a name (as its commoner use or not) is not held against a name.
  for (const name of names) ordinary.delete(name);
  return (form) => ordinary.has(foldText(form));
}
