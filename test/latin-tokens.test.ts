import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { excludedSpans } from '../src/match/non-names.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 3: Latin tokens that are not names. Each row is a sentence
 * written for this test, the target, the output expected by hand and the entities
 * of the mentions reported, in order.
 */
interface Row {
  readonly text: string;
  readonly target: string;
  readonly expected: string;
  readonly entities: readonly string[];
}

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

function check(rows: readonly Row[]): void {
  it.each(rows)('$target: $text', (row) => {
    const result = canonicalize(store.glossary, row.text, { target: target(row.target) });
    expect(result.text).toBe(row.expected);
    expect(result.mentions.map((m) => m.entityId)).toEqual(row.entities);
  });
}

describe('an all-capitals name of up to four letters matches only in capitals', () => {
  check([
    { text: 'Let us know what you think.', target: 'zh-CN', expected: 'Let us know what you think.', entities: [] },
    { text: 'Contact us for details.', target: 'en', expected: 'Contact us for details.', entities: [] },
    { text: '如有疑问，请contact us。', target: 'zh-CN', expected: '如有疑问，请contact us。', entities: [] },
    { text: 'US将加征关税。', target: 'zh-CN', expected: '美国将加征关税。', entities: ['united-states'] },
    { text: 'ＵＳ将加征关税。', target: 'zh-CN', expected: '美国将加征关税。', entities: ['united-states'] },
    { text: 'amd股价上涨，AMD回应。', target: 'zh-TW', expected: 'amd股价上涨，AMD回应。', entities: ['amd'] },
    { text: 'tsmc与TSMC', target: 'zh-CN', expected: 'tsmc与台积电', entities: ['tsmc'] },
    { text: '这是ai生成的图片，AI正在改变产业。', target: 'zh-CN', expected: '这是ai生成的图片，AI正在改变产业。', entities: ['artificial-intelligence'] },
    // Longer names keep matching in any case.
    { text: 'nvidia发布新芯片', target: 'zh-CN', expected: '英伟达发布新芯片', entities: ['nvidia', 'chip'] },
  ]);
});

describe('nothing inside a URL, an e-mail address, a handle, a hashtag, a file name or code is touched', () => {
  check([
    { text: '来信请寄info@us.gov，或info@US.gov。', target: 'zh-CN', expected: '来信请寄info@us.gov，或info@US.gov。', entities: [] },
    { text: '川普的贴文见pic.twitter.com/AbC123', target: 'zh-CN', expected: '特朗普的贴文见pic.twitter.com/AbC123', entities: ['donald-trump'] },
    { text: '详见https://www.nvidia.com/en-us/ 和 https://zh.wikipedia.org/wiki/川普', target: 'zh-CN', expected: '详见https://www.nvidia.com/en-us/ 和 https://zh.wikipedia.org/wiki/川普', entities: [] },
    { text: '见https://example.com/a川普说', target: 'zh-CN', expected: '见https://example.com/a特朗普说', entities: ['donald-trump'] },
    { text: '官网www.tsmc.com。台積電表示', target: 'zh-CN', expected: '官网www.tsmc.com。台积电表示', entities: ['tsmc'] },
    { text: '关注@Nvidia 和 #川普 #AMD 的讨论，AMD也回应了。', target: 'zh-TW', expected: '关注@Nvidia 和 #川普 #AMD 的讨论，AMD也回应了。', entities: ['amd'] },
    { text: '微博话题#川普关税#阅读量破亿。', target: 'zh-CN', expected: '微博话题#川普关税#阅读量破亿。', entities: [] },
    { text: '附件report_US.pdf与US_Nvidia.xlsx由川普签署。', target: 'zh-CN', expected: '附件report_US.pdf与US_Nvidia.xlsx由特朗普签署。', entities: ['donald-trump'] },
    { text: '运行`nvidia-smi --id US`查看NVIDIA显卡。', target: 'zh-CN', expected: '运行`nvidia-smi --id US`查看英伟达显卡。', entities: ['nvidia'] },
    { text: '```\nprint("Trump")\n```\nTrump表示', target: 'zh-CN', expected: '```\nprint("Trump")\n```\n特朗普表示', entities: ['donald-trump'] },
    // A stock code's market is no country; two names joined by a hyphen stay names.
    { text: '台積電(2330-TW)(TSM-US)與輝達 (NVDA-US, AMD-US) 上漲。', target: 'zh-CN', expected: '台积电(2330-TW)(TSM-US)與英伟达 (NVDA-US, AMD-US) 上漲。', entities: ['tsmc', 'nvidia'] },
    { text: '欧美峰会(EU-US)将在下月举行。', target: 'zh-TW', expected: '欧美峰会(EU-美國)将在下月举行。', entities: ['united-states'] },
    // "U.S." and "e.g." are not domains; a name written as the whole token stays a name.
    { text: 'e.g. US和美國', target: 'zh-CN', expected: 'e.g. 美国和美国', entities: ['united-states', 'united-states'] },
  ]);
});

describe('a Latin name inside a longer run of capitalized words is not taken alone', () => {
  check([
    { text: 'Donald John Trump was born in Queens.', target: 'en', expected: 'Donald John Trump was born in Queens.', entities: [] },
    { text: '美国总统Donald John Trump签署命令。', target: 'zh-CN', expected: '美国总统Donald John Trump签署命令。', entities: ['united-states'] },
    { text: '美国总统Donald Trump签署命令。', target: 'zh-CN', expected: '美国总统唐纳德·特朗普签署命令。', entities: ['united-states', 'donald-trump'] },
    // Taken whole, and reported; in English prose a name stays as written (english-runs.test.ts).
    { text: 'Donald J. Trump said so.', target: 'zh-CN', expected: 'Donald J. Trump said so.', entities: ['donald-trump'] },
    { text: '他引述Donald J. Trump的话。', target: 'zh-CN', expected: '他引述特朗普的话。', entities: ['donald-trump'] },
    { text: 'U.S. President Donald Trump said on Monday', target: 'en', expected: 'U.S. President Donald Trump said on Monday', entities: ['donald-trump'] },
    { text: 'Trump said', target: 'zh-CN', expected: 'Trump said', entities: ['donald-trump'] },
    { text: 'The Trump administration said', target: 'en', expected: 'The Trump administration said', entities: ['donald-trump'] },
    { text: 'Mr. Trump said', target: 'en', expected: 'Mr. Trump said', entities: ['donald-trump'] },
    { text: 'Eric Trump said', target: 'en', expected: 'Eric Trump said', entities: [] },
    { text: '川普的儿子Eric Trump表示', target: 'zh-CN', expected: '特朗普的儿子Eric Trump表示', entities: ['donald-trump'] },
    { text: 'He met Donald J. Trump Jr. and Trump Tower staff.', target: 'en', expected: 'He met Donald J. Trump Jr. and Trump Tower staff.', entities: [] },
    { text: 'Anti-Trump rallies met pro-Biden crowds.', target: 'en', expected: 'Anti-Trump rallies met pro-Biden crowds.', entities: ['donald-trump', 'joe-biden'] },
    { text: 'The Trump-Biden debate', target: 'zh-CN', expected: 'The 特朗普-拜登 debate', entities: ['donald-trump', 'joe-biden'] },
    { text: 'Nvidia CEO Jensen Huang', target: 'zh-CN', expected: '英伟达 CEO 黄仁勋', entities: ['nvidia', 'chief-executive', 'jensen-huang'] },
    { text: 'Senator Jensen Huang', target: 'zh-CN', expected: 'Senator 黄仁勋', entities: ['jensen-huang'] },
    { text: 'On Monday Trump said', target: 'en', expected: 'On Monday Trump said', entities: ['donald-trump'] },
    // An acronym is a word of its own: US in "US President" stays US.
    { text: 'US President Trump', target: 'zh-CN', expected: '美国 President 特朗普', entities: ['united-states', 'donald-trump'] },
  ]);
});

// The same in Chinese script: the parts of a transliterated name are joined by a middle dot.
describe('a Latin name does not start or end inside a word of any Latin alphabet', () => {
  check([
    // Vietnamese letters (Latin extended additional) are letters like any other.
    { text: 'ễNVIDIA发布', target: 'zh-CN', expected: 'ễNVIDIA发布', entities: [] },
    { text: 'NVIDIAễ发布', target: 'zh-CN', expected: 'NVIDIAễ发布', entities: [] },
    // Ɠ folds to ɠ (IPA extensions): the scan and the rewrite must agree that both are letters.
    { text: 'ƓUS将加征关税', target: 'zh-CN', expected: 'ƓUS将加征关税', entities: [] },
    { text: 'Ư US将加征关税', target: 'zh-CN', expected: 'Ư 美国将加征关税', entities: ['united-states'] },
  ]);
});

describe('a Chinese name inside a longer transliterated name is not taken alone', () => {
  check([
    // Ivanka Trump is not Donald Trump; a person named Ali is not Alibaba.
    { text: '伊万卡·特朗普出席了活动。', target: 'en', expected: '伊万卡·特朗普出席了活动。', entities: [] },
    { text: '伊万卡·特朗普出席了活动。', target: 'zh-TW', expected: '伊万卡·特朗普出席了活动。', entities: [] },
    { text: '伊凡卡‧川普出席記者會。', target: 'zh-CN', expected: '伊凡卡‧川普出席記者會。', entities: [] },
    { text: '18岁的阿里·伯恩鲍姆说。', target: 'zh-CN', expected: '18岁的阿里·伯恩鲍姆说。', entities: [] },
    // The whole name the glossary has is one hit.
    { text: '唐纳德·特朗普表示。', target: 'en', expected: 'Donald Trump表示。', entities: ['donald-trump'] },
    { text: '唐纳德·特朗普表示。', target: 'zh-TW', expected: '唐納·川普表示。', entities: ['donald-trump'] },
    // Both parts are names: a heading's place and city.
    { text: '中国·上海国际电影节开幕。', target: 'en', expected: 'China·Shanghai国际电影节开幕。', entities: ['china', 'shanghai'] },
    // A dot after a number or a Latin word joins no name.
    { text: '2025·特朗普时代', target: 'zh-TW', expected: '2025·川普时代', entities: ['donald-trump'] },
  ]);
});

describe('excludedSpans', () => {
  it.each([
    ['mail info@us.gov now', [5, 16]],
    ['see pic.twitter.com/abc.', [4, 23]],
    ['U.S. and e.g. and said.The', []],
    ['@handle #tag', [0, 7, 8, 12]],
    ['`code` here', [0, 6]],
    ['https://a.com/x) end', [0, 15]],
    ['(see https://a.com/x)', [5, 20]],
  ] as const)('%s', (text, spans) => {
    expect(excludedSpans(text)).toEqual(spans);
  });
});
