import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { compileGlossary } from '../src/glossary/build.ts';
import type { Entry } from '../src/glossary/entry.ts';
import { readGlossary } from '../src/glossary/read-glossary.ts';
import { fullAlsoShort } from '../src/glossary/validate.ts';
import { FALLBACK, ScriptConverters, type NameLocale } from '../src/locale.ts';
import { buildTestStore, fixtureGlossaryDir, ROOT, target, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 4: a mention keeps its form. A short mention (拜登) stays short in
 * every target, a full one (乔·拜登) stays full, for every person in the real glossary.
 *
 * The expectation rule, computed from glossary/people.yaml:
 * - A text listed under `short` (any region) is a short mention; one listed under
 *   `full` and not under `short` is a full mention.
 * - For a target whose vocabulary is V, walk FALLBACK[V] (src/locale.ts). At the first
 *   region R that has this form, take it. At the first region R with only a name, take
 *   that name, unless a later Chinese region of the chain writes the same name (in
 *   simplified characters) and has this form: then take that region's form (zh-HK
 *   borrows zh-TW's full 喬·拜登, since both write 拜登; zh-HK's 特朗普 never borrows
 *   zh-TW's 唐納·川普). The result is written in the target's script.
 * - Names declared `ambiguous` match only with context, so they are left out here.
 * - A Latin replacement next to Chinese gets no space (拜登政府 -> Biden政府), as
 *   everywhere else in canonicalize.
 */

const TARGETS = ['zh-CN', 'zh-TW', 'zh-HK', 'en'] as const;
const frame = (name: string): string => `记者获悉，${name}当天没有露面。`;

const convert = new ScriptConverters();
const people: Entry[] = readGlossary(join(ROOT, 'glossary'))
  .entries.map((e) => e.value)
  .filter((e) => e.kind === 'person');

function formName(entry: Entry, form: 'full' | 'short', locale: NameLocale): string | undefined {
  return entry[form]?.[locale];
}

function expected(entry: Entry, form: 'full' | 'short', tag: string): string {
  const t = target(tag);
  const chain = FALLBACK[t.vocabulary];
  for (let i = 0; i < chain.length; i++) {
    const region = chain[i]!;
    const own = formName(entry, form, region);
    if (own) return convert.nameInScript(own, region, t);
    const name = entry.names[region];
    if (!name) continue;
    const same = (l: NameLocale): boolean => entry.names[l] !== undefined && convert.toHans(entry.names[l]) === convert.toHans(name);
    const lender = region === 'en' ? undefined : chain.slice(i + 1).find((l) => l !== 'en' && formName(entry, form, l) && same(l));
    return lender ? convert.nameInScript(formName(entry, form, lender)!, lender, t) : convert.nameInScript(name, region, t);
  }
  throw new Error(`${entry.id} has no name for ${tag}: the test's rule does not cover it`);
}

function mentionsOf(entry: Entry): { text: string; form: 'full' | 'short' }[] {
  const ambiguous = new Set(entry.ambiguous.map((a) => a.name));
  const shorts = new Set(Object.values(entry.short ?? {}));
  const out = new Map<string, 'full' | 'short'>();
  for (const text of shorts) out.set(text, 'short');
  for (const text of Object.values(entry.full ?? {})) if (!shorts.has(text)) out.set(text, 'full');
  return [...out].filter(([text]) => !ambiguous.has(text)).map(([text, form]) => ({ text, form }));
}

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore(false);
});

describe('a mention keeps its form, for every person and every target', () => {
  it('covers people with full and short forms', () => {
    expect(people.length).toBeGreaterThan(20);
    expect(people.filter((p) => p.short).length).toBeGreaterThanOrEqual(6);
    expect(people.filter((p) => p.full).length).toBeGreaterThanOrEqual(10);
  });

  for (const person of people) {
    for (const { text, form } of mentionsOf(person)) {
      it(`${person.id}: ${form} ${text}`, () => {
        for (const tag of TARGETS) {
          const out = canonicalize(store.glossary, frame(text), { target: target(tag) });
          expect({ tag, mentions: out.mentions.map((m) => [m.surface, m.entityId]) }).toEqual({ tag, mentions: [[text, person.id]] });
          expect({ tag, text: out.text }).toEqual({ tag, text: frame(expected(person, form, tag)) });
        }
      });
    }
  }
});

describe('a mention keeps its form: written out by hand', () => {
  const cases: [string, string, string][] = [
    // The corpus case: HK's full form was 拜登, so every 拜登 read as full.
    ['拜登政府', 'zh-CN', '拜登政府'],
    ['拜登政府', 'zh-TW', '拜登政府'],
    ['拜登政府', 'zh-HK', '拜登政府'],
    ['拜登政府', 'en', 'Biden政府'],
    ['乔·拜登政府', 'zh-CN', '乔·拜登政府'],
    ['乔·拜登政府', 'zh-TW', '喬·拜登政府'],
    ['乔·拜登政府', 'zh-HK', '喬·拜登政府'],
    ['乔·拜登政府', 'en', 'Joe Biden政府'],
    ['Biden政府', 'zh-CN', '拜登政府'],
    ['特朗普说', 'zh-TW', '川普说'],
    ['特朗普说', 'en', 'Trump说'],
    ['唐纳德·特朗普说', 'zh-TW', '唐納·川普说'],
    // zh-HK has no full form for him: it borrows the mainland's, which writes 特朗普 as
    // Hong Kong does, never Taiwan's 川普.
    ['唐纳德·特朗普说', 'zh-HK', '唐納德·特朗普说'],
    ['唐纳德·特朗普说', 'en', 'Donald Trump说'],
    ['萨克斯说', 'zh-TW', '薩克斯说'],
    ['戴维·萨克斯说', 'zh-TW', '大衛·薩克斯说'],
    ['Sacks说', 'zh-CN', '萨克斯说'],
    ['米勒说', 'zh-TW', '米勒说'],
    // No short English name is listed for him (glossary/people.yaml says why).
    ['米勒说', 'en', 'Chris Miller说'],
    ['Xi说', 'zh-CN', '习近平说'],
    ['习近平说', 'en', 'Xi Jinping说'],
    // Each region's form of Putin, and the Central News Agency's 蒲亭.
    ['普京表示', 'zh-TW', '普丁表示'],
    ['蒲亭表示', 'zh-CN', '普京表示'],
    ['普丁表示', 'zh-HK', '普京表示'],
    ['弗拉基米尔·普京说', 'zh-TW', '弗拉迪米爾·普丁说'],
    // Found by a second audit of real articles: short names lengthened, a qualifier written twice.
    ['恒指反彈，阿里貢獻最多', 'zh-CN', '恒指反彈，阿里貢獻最多'],
    ['阿里巴巴集團公布財報', 'zh-CN', '阿里巴巴集团公布財報'],
    ['台積電亞利桑那廠量產', 'zh-TW', '台積電亞利桑那廠量產'],
    ['美國聯儲局宣布減息', 'zh-CN', '美联储宣布減息'],
    ['美國聯儲局宣布減息', 'zh-TW', '美國聯準會宣布減息'],
    ['總裁兼總執行長表示', 'zh-CN', '總裁兼首席执行官表示'],
    // Organisations and terms keep their form too (found by an audit of real articles).
    ['路透報導指出', 'zh-TW', '路透報導指出'],
    ['路透報導指出', 'zh-CN', '路透报道指出'],
    ['路透社報導指出', 'zh-TW', '路透社報導指出'],
    ['英國廣播公司（BBC）形容', 'zh-CN', '英国广播公司（BBC）形容'],
    ['英國廣播公司（BBC）形容', 'zh-TW', '英國廣播公司（BBC）形容'],
    ['BBC形容', 'zh-TW', 'BBC形容'],
    // English copy writes BBC: English has no full form for it.
    ['英國廣播公司（BBC）形容', 'en', 'BBC形容'],
    ['全球市場佔有率約六成', 'zh-TW', '全球市場佔有率約六成'],
    ['全球市場佔有率約六成', 'zh-CN', '全球市场占有率約六成'],
    ['全球市占率約六成', 'zh-TW', '全球市佔率約六成'],
  ];
  for (const [text, tag, want] of cases) {
    it(`${text} -> ${tag} ${want}`, () => {
      expect(canonicalize(store.glossary, text, { target: target(tag) }).text).toBe(want);
    });
  }
});

describe('the glossary says which form a text is', () => {
  it('no person has a full form that is also a short form', () => {
    expect(people.map((p) => fullAlsoShort(p)).filter(Boolean)).toEqual([]);
  });

  it('refuses a full form that is also a short form, naming what to do', () => {
    const biden = people.find((p) => p.id === 'joe-biden')!;
    const wrong: Entry = { ...biden, full: { ...biden.full, 'zh-HK': '拜登' } };
    expect(fullAlsoShort(wrong)).toBe(
      "joe-biden: full zh-HK 拜登 is also its short name (zh-HK), so a mention 拜登 cannot keep its form; give zh-HK's full name, or leave full zh-HK out (the fallback fills it)",
    );
  });

  it('the build refuses it, at the entry\'s line', () => {
    const dir = fixtureGlossaryDir(false);
    const file = join(dir, 'people.yaml');
    const yaml = readFileSync(file, 'utf8');
    const fixed = '  full: { zh-CN: 乔·拜登, zh-TW: 喬·拜登, en: Joe Biden }';
    expect(yaml).toContain(fixed);
    writeFileSync(file, yaml.replace(fixed, '  full: { zh-CN: 乔·拜登, zh-TW: 喬·拜登, zh-HK: 拜登, en: Joe Biden }'));
    expect(() => compileGlossary(dir)).toThrow(/people\.yaml:\d+: joe-biden: full zh-HK 拜登 is also its short name/);
  });
});
