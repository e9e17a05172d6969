import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, canonicalizeInSteps, type CanonicalizeOptions } from '../src/canonicalize.ts';
import { foldText } from '../src/fold.ts';
import { buildTestStore, fixtureGlossaryDir, ROOT, target, tempDir, type TestStore } from './helpers.ts';

// Issue 13 class 7: with convert, the output holds exactly the reported replacements.
// OpenCC converts the text around the names; it never reaches into one.

let store: TestStore;
beforeAll(async () => {
  // The shipped glossary alone: "every name" below means every name row it ships.
  store = await buildTestStore(false);
});

const converted = (text: string, to: string, options: Partial<CanonicalizeOptions> = {}) => canonicalize(store.glossary, text, { target: target(to), convert: true, ...options });

describe('convert keeps the names it reports', () => {
  it('leaves a product name already in the target form as written (OpenCC would write 升腾)', () => {
    const result = converted('華為的昇騰與昇腾910B都在發展。', 'zh-CN');
    expect(result.text).toBe('华为的昇腾与昇腾910B都在发展。');
    expect(result.mentions.map((m) => [m.surface, m.replacement])).toEqual([
      ['華為', '华为'],
      ['昇騰', '昇腾'],
      ['昇腾910B', '昇腾910B'],
    ]);
  });

  it('leaves a ministry name as the glossary writes it for Taiwan (OpenCC would write 資訊 and 網際網路 inside)', () => {
    expect(converted('工業和信息化部官員週一與業者會面。', 'zh-TW').text).toBe('工業和信息化部官員週一與業者會面。');
    const result = converted('國家互聯網信息辦公室發布新規。', 'zh-TW');
    expect(result.text).toBe('國家互聯網信息辦公室釋出新規。');
    expect(result.mentions).toEqual([{ start: 0, end: 10, surface: '國家互聯網信息辦公室', entityId: 'china-cac', replacement: '國家互聯網信息辦公室', decided: 'plain' }]);
  });

  it('keeps the glossary’s name where OpenCC’s phrase tables write another, deliberately', () => {
    // The glossary writes the institute's Taiwan name 中國信息通信研究院 (a proper name
    // keeps 信息, says its note); OpenCC's s2twp, on the same surface, writes Taiwan's
    // words for information and telecommunication into it. The glossary wins on
    // purpose; the text around the name still gets OpenCC's words (通訊, 釋出).
    const opencc = store.glossary.convert.textConverter(target('zh-TW'));
    expect(opencc('中国信息通信研究院')).toBe('中國資訊通訊研究院');
    const result = converted('中国信息通信研究院发布报告，称通信行业持续增长。', 'zh-TW');
    expect(result.text).toBe('中國信息通信研究院釋出報告，稱通訊行業持續增長。');
    expect(result.mentions).toEqual([{ start: 0, end: 9, surface: '中国信息通信研究院', entityId: 'caict', replacement: '中國信息通信研究院', decided: 'plain' }]);
  });

  it('joins no OpenCC phrase across a name’s edge (登出 is Taiwan’s 注销: 拜登出席 is not 拜注销席)', () => {
    const result = converted('拜登出席峰會後發表講話。', 'zh-CN');
    expect(result.text).toBe('拜登出席峰会后发表讲话。');
    expect(result.mentions).toEqual([{ start: 0, end: 2, surface: '拜登', entityId: 'joe-biden', replacement: '拜登', decided: 'plain' }]);
    // From the left, for Taiwan: OpenCC's phrase 中台 (中颱, a moderate typhoon) would take the 台 of 台積電.
    expect(converted('美中台積電供應鏈', 'zh-TW').text).toBe('美中台積電供應鏈');
  });

  it('writes 字节跳动 as 字節跳動 for Taiwan while the word 字节 around it becomes 位元組', () => {
    const result = converted('字节跳动的新模型一次能读多少字节？字節跳動沒有說。', 'zh-TW');
    expect(result.text).toBe('字節跳動的新模型一次能讀多少位元組？字節跳動沒有說。');
    expect(result.mentions.map((m) => [m.surface, m.replacement])).toEqual([
      ['字节跳动', '字節跳動'],
      ['字節跳動', '字節跳動'],
    ]);
    expect(converted('字節跳動與摩爾線程', 'zh-CN').text).toBe('字节跳动与摩尔线程');
  });

  it('changes only the script of a name no entity is decided for: it is no mention, and keeps its wording', () => {
    // 国会 and 参议院 name bodies of many countries; nothing here says which. (A bare
    // 商务部 would not do: in mainland text it is China's ministry, see region.test.ts.)
    const cn = converted('國會通過法案後，參議院回應。', 'zh-CN');
    expect(cn.text).toBe('国会通过法案后，参议院回应。');
    expect(cn.mentions).toEqual([]);
    const tw = converted('国会通过法案后，参议院回应。', 'zh-TW');
    expect(tw.text).toBe('國會通過法案後，參議院回應。');
    expect(tw.mentions).toEqual([]);
  });

  it('is right for a text that holds the characters it would join stretches with (U+FDD0..U+FDEF)', () => {
    const one = '\ufdd0';
    expect(converted(`拜登出席${one}峰會後，昇腾910B發布。`, 'zh-CN').text).toBe(`拜登出席${one}峰会后，昇腾910B发布。`);
    const all = Array.from({ length: 32 }, (_, k) => String.fromCharCode(0xfdd0 + k)).join('');
    expect(converted(`拜登出席${all}峰會後，昇腾910B發布。`, 'zh-CN').text).toBe(`拜登出席${all}峰会后，昇腾910B发布。`);
  });

  it('keeps a Latin name as written, with keepLatin too', () => {
    expect(converted('NVIDIA發布新軟體', 'zh-HK').text).toBe('NVIDIA發佈新軟件');
    expect(converted('Nvidia发布新软件', 'zh-TW', { keepLatin: true }).text).toBe('Nvidia釋出新軟體');
  });
});

/**
 * A sentence around each name: written in traditional characters for zh-CN and in
 * simplified for the others, so the text around it always has something to convert
 * (后/後 and 发/發 among it), with the name touching Chinese on its right.
 */
const FRAMES: Record<string, { readonly source: readonly [string, string]; readonly expected: readonly [string, string] }> = {
  'zh-CN': { source: ['會議結束後，', '隨後發表了講話。'], expected: ['会议结束后，', '随后发表了讲话。'] },
  'zh-TW': { source: ['会议结束后，', '随后发表了讲话。'], expected: ['會議結束後，', '隨後發表了講話。'] },
  'zh-HK': { source: ['会议结束后，', '随后发表了讲话。'], expected: ['會議結束後，', '隨後發表了講話。'] },
  'zh-SG': { source: ['會議結束後，', '隨後發表了講話。'], expected: ['会议结束后，', '随后发表了讲话。'] },
  'zh-MO': { source: ['会议结束后，', '随后发表了讲话。'], expected: ['會議結束後，', '隨後發表了講話。'] },
};

describe('every glossary name, every Chinese target', () => {
  it('comes out as exactly the reported replacement, with the text around it converted', async () => {
    const rows = (await store.glossary.rows()).names;
    // Every topic enabled, so that every name is one the scan takes.
    const glossary = await store.glossary.withTopics((await store.glossary.topicIndex()).list().map((t) => t.topic));
    const problems: string[] = [];
    let mentions = 0;
    let undecided = 0;
    for (const [to, { source, expected }] of Object.entries(FRAMES)) {
      for (const row of rows) {
        const text = source[0] + row.text + source[1];
        const result = canonicalize(glossary, text, { target: target(to), convert: true });
        const plain = canonicalize(glossary, text, { target: target(to) });
        const start = [...source[0]].length;
        const end = start + [...row.text].length;
        const at = result.mentions.find((m) => m.start === start);
        // Conversion changes the text, never which mentions there are or what they become.
        if (JSON.stringify(result.mentions) !== JSON.stringify(plain.mentions)) problems.push(`${to} ${row.entityId} ${row.text}: mentions differ from canonicalize without convert`);
        if (at) {
          mentions++;
          // An ambiguous name may be decided for another of its entities (a default); which is class 6's matter.
          if (at.end !== end || (row.ambiguity === null && at.entityId !== row.entityId)) problems.push(`${to} ${row.entityId} ${row.text}: mention ${JSON.stringify(at)}`);
          if (result.mentions.length !== 1) problems.push(`${to} ${row.text}: ${result.mentions.length} mentions in the frame`);
          const want = expected[0] + at.replacement + expected[1];
          if (result.text !== want) problems.push(`${to} ${row.entityId} ${row.text}: ${result.text} (want ${want})`);
        } else if (row.ambiguity !== null && result.mentions.length === 0) {
          // Undecided: the same name (it folds to what was written), only its script converted.
          undecided++;
          const middle = result.text.slice(expected[0].length, result.text.length - expected[1].length);
          if (!result.text.startsWith(expected[0]) || !result.text.endsWith(expected[1]) || foldText(middle) !== foldText(row.text)) problems.push(`${to} ${row.text} (undecided): ${result.text}`);
        } else {
          problems.push(`${to} ${row.entityId} ${row.text}: not found as a mention in ${text}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Every row of the shipped glossary, for every frame's target.
    expect(mentions + undecided).toBe(rows.length * Object.keys(FRAMES).length);
    expect(rows.length).toBeGreaterThan(700);
  });
});

describe('the ways convert is asked for', () => {
  const TEXT = '拜登出席峰會後，華為的昇腾910B與工業和信息化部都在新聞裡。國會沒有回應。\n';

  it('canonicalizeInSteps gives canonicalize’s result, steps ending at line breaks', () => {
    const text = TEXT.repeat(40);
    for (const to of ['zh-CN', 'zh-TW', 'zh-HK']) {
      const options = { target: target(to), convert: true };
      const steps = canonicalizeInSteps(store.glossary, text, options, 64, 3);
      let step = steps.next();
      let count = 0;
      for (; !step.done; step = steps.next()) count++;
      expect(count).toBeGreaterThan(20);
      expect(step.value.json()).toBe(canonicalize(store.glossary, text, options).json());
    }
    expect(converted(TEXT, 'zh-CN').text).toBe('拜登出席峰会后，华为的昇腾910B与工业和信息化部都在新闻里。国会没有回应。\n');
  });

  it('POST /v1/canonicalize with convert', async () => {
    const res = await store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT, to: 'zh-CN', convert: true }) });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { text: string; mentions: Array<{ surface: string; replacement: string }> };
    expect(json.text).toBe('拜登出席峰会后，华为的昇腾910B与工业和信息化部都在新闻里。国会没有回应。\n');
    expect(json.mentions.map((m) => m.replacement)).toEqual(['拜登', '华为', '昇腾910B', '工业和信息化部']);
  });

  it('glossary canonicalize --convert, as a process', async () => {
    const env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(tempDir(), 'glossary.db') };
    const run = (args: string[], input: string) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        const child = execFile(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), ...args], { env, cwd: ROOT }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
        child.stdin!.end(input);
      });
    expect((await run(['build'], '')).code).toBe(0);
    const { code, stdout } = await run(['canonicalize', '--to', 'zh-CN', '--convert'], TEXT);
    expect(code).toBe(0);
    expect(stdout).toBe('拜登出席峰会后，华为的昇腾910B与工业和信息化部都在新闻里。国会没有回应。\n');
  }, 60_000);
});
