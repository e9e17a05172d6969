import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { openStore, type Store } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { ROOT, target, tempDir } from './helpers.ts';

// Text on topics the glossary has nothing to say about, written for this test: with the
// shipped glossary (its curated entries and the groups imported from Wikipedia) and no
// topic enabled, nothing in it is a mention, and it comes out unchanged for every target.
// Among its words are loanwords and ordinary words that some imported name or term
// also writes (沙拉, 马拉松, 巴士, 程序, 文件, 访问, 模拟, 芯).
const UNRELATED = [
  // cooking
  '先把鸡蛋打散，加入少许盐和糖，再倒入热油锅中翻炒，出锅前撒上葱花。',
  '这道沙拉用了生菜、番茄和黄瓜，淋上橄榄油和柠檬汁就很好吃。',
  '蛋糕烤好后要放凉十分钟，再抹上奶油，最后摆上草莓和巧克力碎。',
  // weather and daily life
  '明天白天多云转晴，最高气温二十六度，傍晚有阵雨，出门记得带伞。',
  '周末一家人去公园野餐，孩子们在草地上放风筝，老人在树荫下下棋。',
  '早上坐巴士上班要四十分钟，所以他改骑自行车，顺便锻炼身体。',
  // health and sport without names
  '跑完半程马拉松以后，要慢走几分钟，再做拉伸，补充水分和电解质。',
  '医生建议每天睡足七个小时，少喝含糖饮料，多吃蔬菜和水果。',
  // school and household paperwork, where 程序, 文件 and 访问 are procedure, document and visit
  '老师让学生按照程序排队交作业，每份文件都要写上名字和日期。',
  '社区工作人员上门访问独居老人，帮他们检查燃气和电线是否安全。',
  '数学课上，我们用纸板模拟了一个简单的杠杆，计算力臂的长度。',
  // garden, pets, craft
  '阳台上的茉莉开花了，每隔两天浇一次水，夏天要避开正午的阳光。',
  '小猫喜欢趴在窗台上晒太阳，吃完饭就去磨爪子，晚上很安静。',
  '她用毛线织了一条围巾，灰色和米色相间，花了整整三个星期。',
  // the same in traditional characters
  '先把雞蛋打散，加入少許鹽和糖，再倒入熱油鍋中翻炒，起鍋前撒上蔥花。',
  '明天白天多雲轉晴，最高氣溫二十六度，傍晚有陣雨，出門記得帶傘。',
  '老師讓學生按照程序排隊交作業，每份文件都要寫上名字和日期。',
  '跑完半程馬拉松以後，要慢走幾分鐘，再做伸展，補充水分和電解質。',
  '陽台上的茉莉開花了，每隔兩天澆一次水，夏天要避開正午的陽光。',
];

let db: Store;
let glossary: GlossarySnapshot;

beforeAll(async () => {
  const dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(join(ROOT, 'glossary'), dbPath);
  db = openStore(dbPath, { readonly: true });
  glossary = await GlossarySnapshot.load(db);
});

afterAll(async () => {
  await db.destroy();
});

describe('text on unrelated topics, with the shipped glossary and no topic enabled', () => {
  it.each(['zh-CN', 'zh-TW', 'zh-HK', 'zh-SG', 'zh-MY', 'zh-MO', 'en'])('is unchanged for %s', (tag) => {
    const changed = UNRELATED.map((text) => ({ text, result: canonicalize(glossary, text, { target: target(tag) }) })).filter(({ text, result }) => result.text !== text || result.mentionCount > 0);
    expect(changed.map(({ result }) => result.mentions.map((m) => `${m.surface} -> ${m.replacement} (${m.entityId})`))).toEqual([]);
  });

  it('is rewritten only in its topic\'s words when a topic is enabled', async () => {
    // With IT enabled, 程序 and 文件 are a program and a file: the caller said the text is on computing.
    const it = await glossary.withTopics(['IT']);
    const result = canonicalize(it, UNRELATED[8]!, { target: target('zh-TW') });
    expect(result.mentions.map((m) => m.entityId)).toEqual(['computer-program', 'computer-file']);
  });
});
