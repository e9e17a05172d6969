import { Jieba } from '@node-rs/jieba';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { readLexicon } from '../src/glossary/lexicon.ts';
import { NAME_FREQUENCY } from '../src/match/guards.ts';
import { isCompositional, nameIndex, overlapsOf, type Overlap } from './lexicon-overlaps.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 1: a name is not taken inside an ordinary word. The shipped
 * glossary (no test extras), built with jieba's lexicon.
 */
let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore(false);
}, 120_000);
afterAll(async () => {
  await store.db.destroy();
});

const run = (text: string, tag: string) => canonicalize(store.glossary, text, { target: target(tag) });

describe('names inside ordinary words stay as written', () => {
  // Each sentence holds a glossary name only inside words of its own (the name in brackets).
  const unchanged = [
    '四川普通话水平测试下月开考。', // 川普 in 四川|普通话
    '北方和中东部地区将出现降雨。', // 中东 in 中东部
    '价格稍微软化了一些。', // 微软 in 稍微|软化
    '友谊升华为爱情。', // 华为 in 升华|为
    '明显存在问题。', // 显存 in 明显|存在
    '皮带宽度不够。', // 带宽 in 皮带|宽度
    '他打算法国之行后再说。', // 算法 in 打算|法国
    '国内存款继续增长。', // 内存 in 国内|存款
    '理财新手要小心。', // 财新 in 理财|新手
    '为了应对高通胀，央行加息。', // 高通 in 高|通胀
    '高通量测序成本下降。', // 高通 in 高通量
    '水温达到华氏一百度。', // 百度 in 一百|度 (a number)
    '他家住在豪华府邸里。', // 华府 in 豪华|府邸
    '中国互联网络信息中心发布报告。', // 中国, 互联网, 信息 in one name jieba knows
    '阿里山的日出很美。', // 阿里 in 阿里山
  ];
  for (const text of unchanged) {
    it(text, () => {
      for (const tag of ['zh-CN', 'zh-TW', 'en']) {
        const out = run(text, tag);
        expect(out.mentions.map((m) => m.surface)).toEqual([]);
        expect(out.text).toBe(text);
      }
    });
  }

  it('traditional text: 美國之音 is Voice of America, 阿里山 a mountain', () => {
    for (const text of ['美國之音說，阿里山很美。', '中國互聯網絡信息中心發布報告。']) {
      expect(run(text, 'zh-CN').mentions).toEqual([]);
      expect(run(text, 'zh-CN').text).toBe(text);
    }
  });
});

describe('names that are words of the sentence are still replaced', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['对华为的制裁加码。', { 'zh-CN': '对华为的制裁加码。', 'zh-TW': '对華為的制裁加码。', en: '对Huawei的制裁加码。' }],
    ['美国总统发表讲话。', { 'zh-CN': '美国总统发表讲话。', 'zh-TW': '美國总统发表讲话。', en: 'United States总统发表讲话。' }],
    ['中国政府回应。', { 'zh-CN': '中国政府回应。', 'zh-TW': '中國政府回应。', en: 'China政府回应。' }],
    ['特朗普政府宣布新规。', { 'zh-CN': '特朗普政府宣布新规。', 'zh-TW': '川普政府宣布新规。', en: 'Trump政府宣布新规。' }],
    ['川普8日发文。', { 'zh-CN': '特朗普8日发文。', 'zh-TW': '川普8日发文。', en: 'Trump 8日发文。' }],
    ['微软和高通发布新品。', { 'zh-CN': '微软和高通发布新品。', 'zh-TW': '微軟和高通发布新品。', en: 'Microsoft和Qualcomm发布新品。' }],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      for (const [tag, expected] of Object.entries(want)) expect(run(text, tag).text).toBe(expected);
    });
  }

  // The scan takes 互联网 (the longest name at 互), which straddles 互联|网络; refused, it
  // gives way to what a scan would have taken without it: 网络, two units further on.
  it('a refused name gives way to the name the sentence holds inside it', () => {
    const text = '他说互联网络很快。';
    expect(run(text, 'zh-CN').mentions.map((m) => [m.surface, m.start, m.end])).toEqual([['网络', 4, 6]]);
    expect(run(text, 'zh-TW').text).toBe('他说互联網路很快。');
    expect(run(text, 'en').text).toBe('他说互联network很快。');
  });
});

/**
 * Every lexicon word that contains or overlaps a Chinese name of the shipped
 * glossary, in a sentence frame of its own. The rule, decided as jieba decides:
 * jieba itself (@node-rs/jieba, no HMM), with our folded lexicon as its dictionary,
 * the glossary's names added at their own frequency (at least NAME_FREQUENCY) and
 * the compositional words left out (a name and ordinary words of two or more
 * characters around it, 中国政府 = 中国 + 政府: they count as their parts), cuts
 * the framed word; the name is taken exactly where that cut has boundaries at its
 * edges, except right after a numeral when it starts with one (一百度). A word that
 * only overlaps a name holds no whole name; nothing may be taken from it either.
 * Most words stay whole (阿里山, 中东部, 高通量); the counts are logged.
 */
describe('every lexicon word that overlaps a glossary name', () => {
  it('is segmented as jieba segments it, and left unchanged where jieba keeps it whole', () => {
    const packed = readLexicon();
    const lexicon = { words: packed.words.split('\n').map((word, i) => ({ word, freq: packed.freqs[i]! })) };
    const freq = new Map(lexicon.words.map((w) => [w.word, w.freq]));
    const chineseKeys = store.glossary.matcher.keys.filter((k) => /[\u4e00-\u9fff]/.test(k));
    const names = nameIndex(chineseKeys);
    const compositional = new Set<string>();
    const framed: Array<{ word: string; overlaps: Overlap[] }> = [];
    for (const { word } of lexicon.words) {
      if (word.length < 2 || names.keys.has(word)) continue;
      const overlaps = overlapsOf(word, names);
      if (overlaps.length === 0) continue;
      framed.push({ word, overlaps });
      if (overlaps.some((o) => isCompositional(word, o, freq))) compositional.add(word);
    }
    const lines = lexicon.words.filter((w) => !compositional.has(w.word) && !names.keys.has(w.word)).map((w) => `${w.word} ${w.freq}`);
    for (const k of names.keys) lines.push(`${k} ${Math.max(freq.get(k) ?? 0, NAME_FREQUENCY)}`);
    const jieba = Jieba.withDict(Buffer.from(lines.join('\n') + '\n'));
    const counts = { words: framed.length, overlapsOnly: 0, containing: 0, unchanged: 0, compositional: 0, jiebaSplits: 0 };
    const failures: string[] = [];
    const frame = (word: string) => `他说：${word}。`;
    const offset = frame('').indexOf('：') + 1;
    const numeral = /[〇零一二三四五六七八九十百千万亿两]/;
    for (const { word, overlaps } of framed) {
      const text = frame(word);
      const hits = store.glossary.matcher.findNames(text);
      const taken = (start: number, end: number) => Array.from({ length: hits.length }, (_, i) => i).some((i) => hits.starts[i] === start && hits.ends[i] === end);
      const cut = jieba.cut(text, false);
      const edges = new Set<number>([0]);
      let at = 0;
      for (const piece of cut) edges.add((at += piece.length));
      for (const o of overlaps) {
        const start = offset + o.at;
        const end = start + o.name.length;
        if (o.at < 0 || o.at + o.name.length > word.length) {
          counts.overlapsOnly++;
          if (taken(start, end)) failures.push(`${word} (${o.name}): taken though not whole`);
          continue;
        }
        counts.containing++;
        const expected = edges.has(start) && edges.has(end) && !(o.at > 0 && numeral.test(word[o.at]!) && numeral.test(word[o.at - 1]!));
        if (!expected) counts.unchanged++;
        else if (compositional.has(word)) counts.compositional++;
        else counts.jiebaSplits++;
        if (taken(start, end) !== expected) failures.push(`${word} (${o.name}): ${expected ? 'expected taken' : 'expected not taken'}; jieba ${cut.join('|')}`);
      }
    }
    console.log('lexicon guard test:', counts, 'failures:', failures.length);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(counts.words).toBeGreaterThan(5000);
  }, 60_000);
});
