// OpenCC's configurations compiled into one automaton each (src/convert/): the same
// output as opencc-js, the converter they are compiled from, on OpenCC's own test
// cases and on sentences written for these tests.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { glossaryFiles, importedFiles } from '../src/glossary/glossary-files.ts';
import { describe, expect, it } from 'vitest';
import { converterOptions } from '../src/convert/opencc-config.ts';
import { compilePhrases, OPENCC_CONFIGS, type OpenccConfigName } from '../src/convert/opencc-phrases.ts';
import { chainOf, type PhraseAutomaton } from '../src/convert/phrase-automaton.ts';
import { opencc } from '../src/opencc.ts';
import { ScriptConverters } from '../src/locale.ts';
import { ROOT, seedFiles } from './helpers.ts';

interface TestCase {
  readonly id: string;
  readonly input: string;
  readonly expected: Readonly<Record<string, string>>;
}

const CASES = (JSON.parse(readFileSync(resolve(ROOT, '../shared/opencc-testcases/testcases.json'), 'utf8')) as { cases: TestCase[] }).cases;

/**
 * The cases opencc-js 1.4.2 itself fails, by configuration and id, with what it
 * writes: the automaton writes the same (it reproduces opencc-js, not OpenCC's C++).
 * Each needs a character the dictionaries opencc-js ships do not have as a key
 * (殢, 圞, 樠 appear in none of t2s's).
 */
const OPENCC_JS_FAILS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  t2s: {
    // 殢 should become 𣨼 (its simplified form); opencc-js leaves it.
    BYVoid_OpenCC_PR_1228_existing_behaviors: '殢 殢云尤雨 𣨼 𣨼云尤雨',
    // 圞 should become 𪢮; opencc-js leaves it.
    BYVoid_OpenCC_PR_1229_existing_behaviors: '剔团𪢮月儿初淡 剔团圞月儿初淡',
    // 樠 should become 𣗊; opencc-js leaves it.
    BYVoid_OpenCC_PR_464_xi_vs_xi:
      '綦溪利跂 谿工 玉溪生 勃溪 棠溪 溪子 溪州 樠溪 𣲘溪 后溪 太溪 解溪 阳溪；綦溪利跂 谿工 玉溪生 勃溪 棠溪 溪子 溪州 𣗊溪 𣲘溪 后溪 后溪穴 太溪 太溪穴 解溪 解溪穴 阳溪 阳溪穴',
  },
};

const compiled = new Map<OpenccConfigName, PhraseAutomaton>();
function automaton(name: OpenccConfigName): PhraseAutomaton {
  let a = compiled.get(name);
  if (!a) compiled.set(name, (a = compilePhrases(name)));
  return a;
}
const openccJs = (name: OpenccConfigName) => opencc().Converter(converterOptions(name));

describe("OpenCC's test cases", () => {
  it('cover every configuration compiled here', () => {
    for (const name of OPENCC_CONFIGS) expect(CASES.filter((c) => c.expected[name] !== undefined).length, name).toBeGreaterThan(0);
  });

  it.each(OPENCC_CONFIGS.map((name) => [name]))('%s: passes every case opencc-js passes, and writes what opencc-js writes on the others', (name) => {
    const convert = openccJs(name);
    const ours = automaton(name);
    const lost: string[] = [];
    const jsFails: Record<string, string> = {};
    let passed = 0;
    for (const c of CASES) {
      const expected = c.expected[name];
      if (expected === undefined) continue;
      const js = convert(c.input);
      const got = ours.convert(c.input);
      if (js !== expected) jsFails[c.id] = js;
      if (got === expected) passed++;
      else if (js === expected) lost.push(`${c.id}: ${c.input} -> ${got} (want ${expected})`);
      if (got !== js) lost.push(`${c.id}: ${got} where opencc-js writes ${js}`);
    }
    expect(lost).toEqual([]);
    expect(jsFails).toEqual(OPENCC_JS_FAILS[name] ?? {});
    expect(passed).toBe(CASES.filter((c) => c.expected[name] !== undefined).length - Object.keys(jsFails).length);
  });
});

describe('sentences written for these tests', () => {
  it.each([
    // Both scripts in one sentence: 軟件 and 软件 alike become Taiwan's 軟體, 数据庫 its 資料庫.
    ['s2twp', '这个軟件的数据庫每天晚上更新一次', '這個軟體的資料庫每天晚上更新一次'],
    ['tw2sp', '這個软件的資料库每天晚上更新一次', '这个软件的数据库每天晚上更新一次'],
    // An ideographic description sequence is copied whole: its 为 is a component, not a word.
    ['s2t', '古书里的⿱艹为字，为什么这样写', '古書裏的⿱艹为字，爲什麼這樣寫'],
    // Nested (⿱艹为 is the first operand of ⿰): the outer one lacks its second operand and is a character alone.
    ['s2t', '⿰⿱艹为', '⿰⿱艹为'],
    // One the text ends before: ⿱ stands alone, and 为 after it converts.
    ['s2t', '写⿱为', '寫⿱爲'],
    // A compatibility ideograph (U+F9AC) is normalized to 怜 first, then converted.
    ['s2t', '可\uf9ac的小猫', '可憐的小貓'],
    // One beyond the BMP (U+2F800), as a surrogate pair.
    ['s2t', '\u{2f800}丽的风景', '麗麗的風景'],
    // A character beyond the BMP that converts to one inside it.
    ['s2t', '他用刀𠛅开木头', '他用刀剾開木頭'],
    ['hk2s', '這裏的\uf9e9巷', '这里的里巷'],
    ['s2t', '', ''],
    ['s2twp', 'Hello, world: 42 + 1 = 43.', 'Hello, world: 42 + 1 = 43.'],
  ] as const)('%s: %s', (name, input, expected) => {
    expect(automaton(name).convert(input)).toBe(expected);
    expect(openccJs(name)(input)).toBe(expected);
  });

  it('never joins a key across a noncharacter, which canonicalize joins stretches with', () => {
    // 信息 is a phrase (資訊); with U+FDD0 between its characters it is two characters.
    expect(automaton('s2twp').convert('信\ufdd0息')).toBe('信\ufdd0息');
    expect(automaton('s2twp').convert('信息')).toBe('資訊');
  });
});

describe('a chain of configurations (canonicalize --convert)', () => {
  it('gives what the conversions give one after another, for short texts one call after another and for long ones', () => {
    const steps = [automaton('tw2sp'), automaton('s2twp'), automaton('hk2s')];
    const chain = chainOf(steps);
    const oneByOne = (text: string) => steps.reduce((t, a) => a.convert(t), text);
    const seeds = readFileSync(resolve(ROOT, '../shared/seeds', '000_1607139f7c916639.txt'), 'utf8');
    // Short ones reuse the chain's buffers; a long one takes its own; 内存条 and U盘 grow (記憶體模組, 隨身碟).
    for (const text of ['这个軟件的数据庫', '', '服务器', 'U盘和内存条', seeds.slice(0, 300), seeds, 'U盘'.repeat(5000), '内存条'.repeat(600), '内存条'.repeat(700)]) {
      expect(chain(text)).toBe(oneByOne(text));
    }
  });
});

describe('the script converters (locale.ts) convert names as opencc-js does', () => {
  // Every name the shipped glossary writes, with its variants as the build expands them, and every line of the seeds.
  const dir = resolve(ROOT, 'glossary');
  const glossary = [...glossaryFiles(dir), ...importedFiles(dir)].map((f) => readFileSync(f, 'utf8')).join('\n');
  const names = [...glossary.matchAll(/[\u3400-\u9fff\uf900-\ufaff·・]+/gu)].map((m) => m[0]);
  const seedLines = seedFiles().flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim() !== '');
  // And names as the generated glossaries make them: three characters of the seeds, thousands of combinations.
  const chars = [...new Set(seedLines.join('').match(/[\u4e00-\u9fff]/gu))];
  const made = Array.from({ length: 5000 }, (_, i) => chars[(i * 7919) % chars.length]! + chars[(i * 31 + 7) % chars.length]! + chars[i % chars.length]!);
  const converters = new ScriptConverters();
  it.each([
    ['toHans', { from: 'hk', to: 'cn' }],
    ['toHantTW', { from: 'cn', to: 'tw' }],
    ['toHantHK', { from: 'cn', to: 'hk' }],
  ] as const)('%s', (which, options) => {
    const theirs = opencc().Converter(options);
    const differ = [...names, ...made, ...seedLines].filter((text) => converters[which](text) !== theirs(text));
    expect(names.length).toBeGreaterThan(800);
    expect(differ).toEqual([]);
  });
});
