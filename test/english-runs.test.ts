import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { isEnglishProse, latinRunAround } from '../src/match/english-prose.ts';
import { inApostropheWord } from '../src/match/non-names.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 2: English text inside Chinese text stays English, and a name
 * written in lower case in English is an ordinary word. Every sentence is written
 * for this test; each row gives the output expected by hand per target and the
 * entities of the mentions reported, in order (the same for every target).
 */
interface Row {
  readonly text: string;
  readonly expected: Readonly<Partial<Record<'zh-CN' | 'zh-TW' | 'en', string>>>;
  readonly entities: readonly string[];
}

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

function check(rows: readonly Row[]): void {
  const cases = rows.flatMap((row) => Object.entries(row.expected).map(([tag, expected]) => ({ tag, text: row.text, expected: expected!, entities: row.entities })));
  it.each(cases)('$tag: $text', ({ tag, text, expected, entities }) => {
    const result = canonicalize(store.glossary, text, { target: target(tag) });
    expect(result.text).toBe(expected);
    expect(result.mentions.map((m) => m.entityId)).toEqual(entities);
  });
}

describe('English prose keeps its names as written, for every target', () => {
  check([
    {
      text: 'Jensen Huang, the chief executive of Nvidia, said demand was strong. 黃仁勳隨後離開會場。',
      expected: {
        'zh-CN': 'Jensen Huang, the chief executive of Nvidia, said demand was strong. 黄仁勋隨後離開會場。',
        'zh-TW': 'Jensen Huang, the chief executive of Nvidia, said demand was strong. 黃仁勳隨後離開會場。',
        en: 'Jensen Huang, the chief executive of Nvidia, said demand was strong. Jensen Huang隨後離開會場。',
      },
      entities: ['jensen-huang', 'nvidia', 'jensen-huang'],
    },
    {
      // A quotation inside a Chinese sentence.
      text: '黃仁勳說：“We will keep selling to China.”',
      expected: {
        'zh-CN': '黄仁勋說：“We will keep selling to China.”',
        'zh-TW': '黃仁勳說：“We will keep selling to China.”',
        en: 'Jensen Huang說：“We will keep selling to China.”',
      },
      entities: ['jensen-huang', 'china'],
    },
    {
      // An English gloss that is a phrase, not a name.
      text: '该协会(an association of chip makers)发表声明。',
      expected: { 'zh-CN': '该协会(an association of chip makers)发表声明。', 'zh-TW': '该协会(an association of chip makers)发表声明。', en: '该协会(an association of chip makers)发表声明。' },
      entities: ['chip'],
    },
    {
      // An organisation's English name in a gloss: no name of the glossary is taken out of it.
      text: '该协会(Semiconductor Industry Association)发表声明。',
      expected: { 'zh-CN': '该协会(Semiconductor Industry Association)发表声明。', en: '该协会(Semiconductor Industry Association)发表声明。' },
      entities: [],
    },
    {
      // Photo credits: a label before a colon.
      text: '川普周二在白宫讲话。Photo: Reuters',
      expected: { 'zh-CN': '特朗普周二在白宫讲话。Photo: Reuters', 'zh-TW': '川普周二在白宮讲话。Photo: Reuters', en: 'Trump周二在White House讲话。Photo: Reuters' },
      entities: ['donald-trump', 'white-house', 'reuters'],
    },
    {
      text: 'Source: Bloomberg\n彭博社报道了这一消息。',
      expected: { 'zh-CN': 'Source: Bloomberg\n彭博社报道了这一消息。', en: 'Source: Bloomberg\nBloomberg report了这一消息。' },
      entities: ['bloomberg', 'bloomberg', 'news-report'],
    },
    {
      // A Chinese gloss inside English prose does not end the sentence; the gloss itself is Chinese and is rewritten.
      text: 'Huawei (華為) said its new chips were ready.',
      expected: { 'zh-CN': 'Huawei (华为) said its new chips were ready.', 'zh-TW': 'Huawei (華為) said its new chips were ready.' },
      entities: ['huawei', 'huawei'],
    },
    {
      // For en too: English is not rewritten into the glossary's English (Lunar New Year, NVIDIA).
      text: 'Chinese New Year sales rose, and Nvidia shares followed.',
      expected: { en: 'Chinese New Year sales rose, and Nvidia shares followed.', 'zh-CN': 'Chinese New Year sales rose, and Nvidia shares followed.' },
      entities: ['lunar-new-year', 'nvidia'],
    },
  ]);
});

describe('a Latin name standing in Chinese text is replaced', () => {
  check([
    {
      text: '他也提到Huawei和Nvidia的进展。',
      expected: { 'zh-CN': '他也提到华为和英伟达的进展。', 'zh-TW': '他也提到華為和輝達的进展。', en: '他也提到Huawei和NVIDIA的进展。' },
      entities: ['huawei', 'nvidia'],
    },
    {
      // The gloss of a Chinese mention: kept as written for Chinese, dropped as a repeat for en.
      text: '辉达(Nvidia)与超微',
      expected: { 'zh-CN': '英伟达(Nvidia)与AMD', 'zh-TW': '輝達(Nvidia)与超微', en: 'NVIDIA与AMD' },
      entities: ['nvidia', 'nvidia', 'amd'],
    },
    {
      // Names alone, or with one lower-case word, are how Chinese text writes Latin names: not prose.
      text: 'Trump vs Biden之争',
      expected: { 'zh-CN': '特朗普 vs 拜登之争', 'zh-TW': '川普 vs 拜登之争', en: 'Trump vs Biden之争' },
      entities: ['donald-trump', 'joe-biden'],
    },
    {
      text: '輝達H200 chips出貨',
      expected: { 'zh-CN': '英伟达H200 chips出貨', en: 'NVIDIA H200 chips出貨' },
      entities: ['nvidia', 'nvidia-h200'],
    },
  ]);
});

describe('a name the glossary writes capitalized is an ordinary word in lower-case English', () => {
  check([
    { text: 'She played her trump card at the meeting.', expected: { 'zh-CN': 'She played her trump card at the meeting.', en: 'She played her trump card at the meeting.' }, entities: [] },
    { text: 'A meta-analysis of the results was published.', expected: { 'zh-CN': 'A meta-analysis of the results was published.' }, entities: [] },
    { text: 'Volunteers filled sacks with sand.', expected: { 'zh-TW': 'Volunteers filled sacks with sand.' }, entities: [] },
    { text: 'The azure water was calm.', expected: { 'zh-CN': 'The azure water was calm.' }, entities: [] },
    // Capitalized, it is the name, in any case the glossary does not write (NVIDIA, Nvidia).
    { text: 'NVIDIA and Nvidia both rose; Trump said so.', expected: { 'zh-CN': 'NVIDIA and Nvidia both rose; Trump said so.' }, entities: ['nvidia', 'nvidia', 'donald-trump'] },
    // In Chinese text, lower case is still the name.
    { text: 'meta与google洽谈合作', expected: { 'zh-CN': 'Meta与谷歌洽谈合作', 'zh-TW': 'Meta与Google洽谈合作' }, entities: ['meta', 'google'] },
    // A term English writes in both cases matches in both (internet has a lower-case alias).
    { text: 'The internet was down.', expected: { en: 'The internet was down.' }, entities: ['internet'] },
  ]);
});

describe('a name joined to more letters by an apostrophe, or closing a possessive title, is not the name', () => {
  check([
    { text: "The museum in Xi'an reopened.", expected: { 'zh-CN': "The museum in Xi'an reopened.", en: "The museum in Xi'an reopened." }, entities: [] },
    { text: '西安又称Xi’an。', expected: { 'zh-CN': '西安又称Xi’an。' }, entities: [] },
    { text: "Xi's speech was short.", expected: { 'zh-CN': "Xi's speech was short." }, entities: ['xi-jinping'] },
    { text: "Delegates to the National People's Congress met in Beijing.", expected: { 'zh-CN': "Delegates to the National People's Congress met in Beijing." }, entities: ['beijing'] },
    // Which Congress is America's is not something the context words settle here, so neither is taken.
    { text: "China's Congress is not America's Congress.", expected: { en: "China's Congress is not America's Congress." }, entities: ['china'] },
  ]);
});

describe('what a mention in English prose reports', () => {
  it('its replacement is its surface as written', () => {
    const result = canonicalize(store.glossary, 'The deal lets Nvidia sell chips. 辉达未回应。', { target: target('zh-CN') });
    expect(result.text).toBe('The deal lets Nvidia sell chips. 英伟达未回应。');
    expect(result.mentions).toEqual([
      { start: 14, end: 20, surface: 'Nvidia', entityId: 'nvidia', replacement: 'Nvidia', decided: 'plain' },
      { start: 33, end: 35, surface: '辉达', entityId: 'nvidia', replacement: '英伟达', decided: 'plain' },
    ]);
  });

  it('is the same through the service: POST /v1/canonicalize', async () => {
    const res = await store.app.request('/v1/canonicalize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '川普說：“Nvidia can sell to China, our trump card.”', to: 'zh-CN' }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { text: string; mentions: Array<{ surface: string; replacement: string }> };
    expect(json.text).toBe('特朗普說：“Nvidia can sell to China, our trump card.”');
    expect(json.mentions.map((m) => `${m.surface}>${m.replacement}`)).toEqual(['川普>特朗普', 'Nvidia>Nvidia', 'China>China']);
  });
});

describe('isEnglishProse and latinRunAround', () => {
  it.each([
    { text: 'Photo: Reuters', starts: [7], ends: [14], prose: true },
    { text: 'Nvidia CEO Jensen Huang', starts: [0, 7, 11], ends: [6, 10, 23], prose: false },
    { text: 'Trump said', starts: [0], ends: [5], prose: true },
    { text: 'H200 chips', starts: [0], ends: [4], prose: false },
    { text: 'H200 chips shipped', starts: [0], ends: [4], prose: true },
    { text: 'e.g. US', starts: [5], ends: [7], prose: false },
    // Words inside the names do not count: "of" here is the name's.
    { text: 'US Department of Commerce', starts: [0], ends: [25], prose: false },
  ])('$text: $prose', ({ text, starts, ends, prose }) => {
    expect(isEnglishProse(text, 0, text.length, starts, ends, 0)).toBe(prose);
  });

  it('a run ends at Chinese writing and line breaks, not at a Chinese gloss in ASCII parentheses', () => {
    expect(latinRunAround('他說Nvidia is big。', 2, 8)).toEqual([2, 15]);
    expect(latinRunAround('a\nNvidia b\nc', 2, 8)).toEqual([2, 10]);
    expect(latinRunAround('说 Huawei (華為) said it。', 2, 8)).toEqual([1, 21]);
    expect(latinRunAround('美國商務部(US Department)週五', 6, 19)).toEqual([5, 20]);
  });

  it('inApostropheWord', () => {
    expect(inApostropheWord("in Xi'an", 3, 5)).toBe(true);
    expect(inApostropheWord("O'Neill", 2, 7)).toBe(true);
    expect(inApostropheWord("Nvidia's chips", 0, 6)).toBe(false);
    expect(inApostropheWord('Reuters’ photo', 0, 7)).toBe(false);
  });
});
