import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { readGlossaryText } from '../src/glossary/read-glossary.ts';
import { detectScript } from '../src/region.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

const regionOf = (text: string) => store.glossary.matcher.textRegion(text, store.glossary.matcher.findNames(text));

describe('the region and script of a text, read from the text', () => {
  it.each([
    ['a Taiwan text', '輝達執行長黃仁勳表示，資料中心需要更多晶片。', 'Hant', ['zh-TW']],
    ['a Hong Kong text', '特朗普政府放寬出口限制，本地數據中心業界表示歡迎。', 'Hant', ['zh-HK']],
    ['a mainland text', '英伟达表示，数据中心芯片需求依然旺盛。', 'Hans', ['zh-CN']],
    ['an overseas simplified text with Taiwan vocabulary', '川普宣布允许辉达向中国出售晶片。', 'Hans', ['zh-TW']],
    ['simplified text with no regional word', '商务部昨天发布通知。', 'Hans', ['zh-CN']],
    ['traditional text with no regional word', '外交部今天發表聲明。', 'Hant', ['zh-TW', 'zh-HK']],
    ['simplified text mixing both vocabularies', '辉达的芯片', 'Hans', ['zh-CN', 'zh-TW']],
    ['English', 'Nvidia said demand for its chips is strong.', 'unknown', ['zh-CN', 'zh-TW', 'zh-HK']],
  ])('%s', (_, text, script, regions) => {
    expect(regionOf(text)).toEqual({ script, regions });
  });

  it('counts characters only one script uses, not those both write (台)', () => {
    expect(detectScript('台台台')).toBe('unknown');
    expect(detectScript('這裡的台灣')).toBe('Hant');
    expect(detectScript('这里的台湾')).toBe('Hans');
    expect(detectScript('這裡的台湾这里')).toBe('mixed');
  });

  it('reads a text of many articles by pieces spread over all of it', () => {
    // 300,000 units: traditional articles, then as many simplified ones.
    const traditional = '臺灣的晶片廠商發表新產品，記者會上說明了細節。'.repeat(6000);
    const simplified = '内地的芯片厂商发布新产品，记者会上说明了细节。'.repeat(6000);
    expect(detectScript(traditional + simplified)).toBe('mixed');
    expect(detectScript(traditional + traditional)).toBe('Hant');
    expect(detectScript(simplified + simplified)).toBe('Hans');
    // Ten traditional sentences at the end of 150,000 simplified units are read past, as any few would be.
    expect(detectScript(simplified + '臺灣的晶片廠商發表新產品。'.repeat(10))).toBe('Hans');
  });
});

type Expected = Record<'zh-CN' | 'zh-TW' | 'en', string>;

/** Each case: the text, the output per target, and the entity ids of its mentions (the same for every target). */
const cases: Array<{ name: string; text: string; expected: Expected; entities: string[] }> = [
  {
    name: "Taiwan's own 外交部 is not China's, though 中國 is near",
    text: '外交部今天批評中國軍機擾台。',
    expected: { 'zh-CN': '外交部今天批評中国軍機擾台。', 'zh-TW': '外交部今天批評中國軍機擾台。', en: '外交部今天批評China軍機擾台。' },
    entities: ['china'],
  },
  {
    name: "a mainland text's bare 外交部 is China's",
    text: '外交部发言人表示，欢迎各国企业来华投资。',
    expected: { 'zh-CN': '外交部发言人表示，欢迎各国企业来华投资。', 'zh-TW': '外交部发言人表示，欢迎各国企业来华投资。', en: 'Foreign Ministry发言人表示，欢迎各国企业来华投资。' },
    entities: ['china-mfa'],
  },
  {
    name: "a mainland text's bare 商务部 is China's ministry, with no context word",
    text: '商务部昨天发布通知，进一步扩大服务业开放。',
    expected: { 'zh-CN': '商务部昨天发布通知，进一步扩大服务业开放。', 'zh-TW': '商務部昨天发布通知，进一步扩大服务业开放。', en: 'Commerce Ministry昨天发布通知，进一步扩大服务业开放。' },
    entities: ['china-mofcom'],
  },
  {
    name: '美国 inside 美国商务部 is no context for the bare 商务部 after it',
    text: '美国商务部宣布新规后，商务部回应称中方坚决反对。',
    expected: {
      'zh-CN': '美国商务部宣布新规后，商务部回应称中方坚决反对。',
      'zh-TW': '美國商務部宣布新规后，商務部回应称中方坚决反对。',
      en: 'US Department of Commerce宣布新规后，Commerce Ministry回应称中方坚决反对。',
    },
    entities: ['us-department-of-commerce', 'china-mofcom'],
  },
  {
    name: "Taiwan's 國安會 is not the US council, though 華府 is near",
    text: '國安會秘書長今天說明華府的新政策。',
    expected: { 'zh-CN': '國安會秘書長今天說明华盛顿的新政策。', 'zh-TW': '國安會秘書長今天說明華府的新政策。', en: '國安會秘書長今天說明Washington的新政策。' },
    entities: ['washington-dc'],
  },
  {
    name: "Japan's 参议院: 国会, itself ambiguous, is no US context",
    text: '日本国会参议院今天开会。',
    expected: { 'zh-CN': '日本国会参议院今天开会。', 'zh-TW': '日本国会参议院今天开会。', en: '日本国会参议院今天开会。' },
    entities: [],
  },
  {
    name: '寒武纪 the Cambrian period stays',
    text: '寒武纪时期的海洋里生活着三叶虫。',
    expected: { 'zh-CN': '寒武纪时期的海洋里生活着三叶虫。', 'zh-TW': '寒武纪时期的海洋里生活着三叶虫。', en: '寒武纪时期的海洋里生活着三叶虫。' },
    entities: [],
  },
  {
    name: '寒武纪 the chip maker is taken near chip talk',
    text: '寒武纪发布公告称新芯片已量产。',
    expected: { 'zh-CN': '寒武纪发布公告称新芯片已量产。', 'zh-TW': '寒武紀发布公告称新晶片已量产。', en: 'Cambricon发布公告称新chip已量产。' },
    entities: ['cambricon', 'chip'],
  },
  {
    name: 'the Amazon rainforest is not the company; the bare 亚马逊 is',
    text: '亚马逊雨林的面积在缩小，亚马逊公司则宣布种树。',
    expected: { 'zh-CN': '亚马逊雨林的面积在缩小，亚马逊公司则宣布种树。', 'zh-TW': '亚马逊雨林的面积在缩小，亞馬遜公司则宣布种树。', en: '亚马逊雨林的面积在缩小，Amazon公司则宣布种树。' },
    entities: ['amazon'],
  },
  {
    name: 'Gemini the zodiac sign, 真实社交 and 观察者 as plain phrases stay',
    text: '双子座（Gemini）本月运势不错。课堂缺乏真实社交场景，国际观察者认为选举平稳。',
    expected: {
      'zh-CN': '双子座（Gemini）本月运势不错。课堂缺乏真实社交场景，国际观察者认为选举平稳。',
      'zh-TW': '双子座（Gemini）本月运势不错。课堂缺乏真实社交场景，国际观察者认为选举平稳。',
      en: '双子座（Gemini）本月运势不错。课堂缺乏真实社交场景，国际观察者认为选举平稳。',
    },
    entities: [],
  },
  {
    name: '超微 is AMD in Taiwan text; 美超微 is another company',
    text: '超微與美超微同日公布財報，資料中心業務都成長。',
    expected: { 'zh-CN': 'AMD與美超微同日公布財報，数据中心業務都成長。', 'zh-TW': '超微與美超微同日公布財報，資料中心業務都成長。', en: 'AMD與美超微同日公布財報，data center業務都成長。' },
    entities: ['amd', 'data-center'],
  },
  {
    name: 'IDC the research firm, not an IDC機房',
    text: 'IDC預估伺服器出貨成長，IDC機房需求也增加。',
    expected: { 'zh-CN': 'IDC預估服务器出貨成長，IDC機房需求也增加。', 'zh-TW': 'IDC預估伺服器出貨成長，IDC機房需求也增加。', en: 'IDC預估server出貨成長，IDC機房需求也增加。' },
    entities: ['idc', 'server'],
  },
  {
    name: "a wire dateline keeps the outlet's form of its city; the body's city is rewritten",
    text: '（中央社華盛頓8日電）川普表示，華盛頓將放寬晶片出口。',
    expected: {
      'zh-CN': '（中央社華盛頓8日電）特朗普表示，华盛顿將放寬芯片出口。',
      'zh-TW': '（中央社華盛頓8日電）川普表示，華府將放寬晶片出口。',
      en: '（中央社華盛頓8日電）Trump表示，Washington將放寬chip出口。',
    },
    entities: ['donald-trump', 'washington-dc', 'chip'],
  },
  {
    name: "a mainland wire's dateline too",
    text: '新华社华盛顿8日电 川普表示将放宽出口。',
    expected: { 'zh-CN': '新华社华盛顿8日电 特朗普表示将放宽出口。', 'zh-TW': '新华社华盛顿8日电 川普表示将放宽出口。', en: '新华社华盛顿8日电 Trump表示将放宽出口。' },
    entities: ['donald-trump'],
  },
  {
    name: 'a dateline at the start of a later paragraph, under a headline, keeps its city too',
    text: '川普將出席抽籤儀式\n（法新社華盛頓5日電）美國總統川普今天表示，華盛頓會準備好。',
    expected: {
      'zh-CN': '特朗普將出席抽籤儀式\n（法新社華盛頓5日電）美国總統特朗普今天表示，华盛顿會準備好。',
      'zh-TW': '川普將出席抽籤儀式\n（法新社華盛頓5日電）美國總統川普今天表示，華府會準備好。',
      en: 'Trump將出席抽籤儀式\n（法新社華盛頓5日電）United States總統Trump今天表示，Washington會準備好。',
    },
    entities: ['donald-trump', 'united-states', 'donald-trump', 'washington-dc'],
  },
  {
    name: 'each story of a digest keeps its own dateline',
    text: '新华社北京3日电 外交部发言人表示。\n新华社华盛顿3日电 川普表示，华盛顿将放宽出口。',
    expected: {
      'zh-CN': '新华社北京3日电 外交部发言人表示。\n新华社华盛顿3日电 特朗普表示，华盛顿将放宽出口。',
      'zh-TW': '新华社北京3日电 外交部发言人表示。\n新华社华盛顿3日电 川普表示，華府将放宽出口。',
      en: '新华社北京3日电 外交部发言人表示。\n新华社华盛顿3日电 Trump表示，Washington将放宽出口。',
    },
    entities: ['donald-trump', 'washington-dc'],
  },
  {
    name: 'a city followed by a day and 电 inside a sentence is no dateline',
    text: '他说：华盛顿8日电视台报道了此事。',
    expected: { 'zh-CN': '他说：华盛顿8日电视台报道了此事。', 'zh-TW': '他说：華府8日电视台報導了此事。', en: '他说：Washington 8日电视台report了此事。' },
    entities: ['washington-dc', 'news-report'],
  },
];

describe('context and region decide ambiguous names', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const to of ['zh-CN', 'zh-TW', 'en'] as const) {
        const result = canonicalize(store.glossary, c.text, { target: target(to) });
        expect(result.text, to).toBe(c.expected[to]);
        expect(result.mentions.map((m) => m.entityId), to).toEqual(c.entities);
      }
    });
  }

  it('an English Congress or Democrats with no American context stays undecided', () => {
    const text = "Delegates to the National People's Congress met in Beijing, and Hong Kong's Democrats staged a protest.";
    expect(canonicalize(store.glossary, text, { target: target('en') }).mentions.map((m) => m.entityId)).toEqual(['beijing']);
    const us = 'The Republicans in Congress want tighter rules, while the Democrats say it would hurt US companies.';
    expect(canonicalize(store.glossary, us, { target: target('zh-CN') }).mentions.map((m) => m.entityId)).toEqual([
      'us-republican-party',
      'us-congress',
      'us-democratic-party',
      'united-states',
    ]);
  });

  it('a Latin context word counts only as a word of its own (US is not in "thus")', () => {
    expect(canonicalize(store.glossary, 'The Democrats thus agreed.', { target: target('zh-CN') }).mentions).toEqual([]);
  });
});

describe('the regions and against words of an ambiguous name are validated', () => {
  const errorsOf = (ambiguous: string): string[] =>
    readGlossaryText(`- id: a\n  kind: org\n  names: { zh-CN: 甲乙 }\n  ambiguous:\n    - ${ambiguous}\n`, 'glossary/test.yaml').errors.map(String);

  it('accepts regions and against words', () => {
    expect(errorsOf('{ name: 甲乙, context: [丙], regions: [zh-CN, zh-TW], against: [甲乙丁] }')).toEqual([]);
  });

  it('refuses an unknown region, at its line', () => {
    expect(errorsOf('{ name: 甲乙, regions: [zh-SG] }')).toEqual(['glossary/test.yaml:5: ambiguous.0.regions.0: each region must be one of zh-CN, zh-TW, zh-HK']);
  });

  it('refuses default together with regions', () => {
    expect(errorsOf('{ name: 甲乙, default: true, regions: [zh-CN] }')).toEqual([
      "glossary/test.yaml:5: ambiguous.0.regions: 甲乙: default already takes this entity in every region's text; keep default or regions, not both",
    ]);
  });

  it('refuses an against word that does not hold the name', () => {
    expect(errorsOf('{ name: 甲乙, against: [甲丁] }')).toEqual(['glossary/test.yaml:5: ambiguous.0.against: against word 甲丁 must be longer than 甲乙 and hold it']);
  });

  it('the API shows regions and against words as the glossary declares them', async () => {
    const res = await store.app.request('/v1/entities/amd');
    const body = (await res.json()) as { ambiguous: unknown[] };
    expect(body.ambiguous).toEqual([
      { name: '超微', context: ['AMD', '處理器', '处理器', 'GPU', '蘇姿丰', '苏姿丰', '英特爾', '英特尔', '輝達', '辉达'], default: false, regions: ['zh-TW'], against: ['美超微'] },
    ]);
  });
});
