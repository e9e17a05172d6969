import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.ts';
import type { GlossarySnapshot } from '../src/snapshot.ts';
import { TmIndex, type TmLookupWork } from '../src/tm/tm-index.ts';
import { insertUnits, openTm, plainSegment, type TmStore } from '../src/tm/tm-repository.ts';
import { TranslationMemory } from '../src/tm/translation-memory.ts';
import { buildTestStore, tempDir } from './helpers.ts';

/** The glossary, counting how often text is scanned for names (once per canonicalize or tokenization). */
function countingScans(glossary: GlossarySnapshot): { glossary: GlossarySnapshot; scans: { n: number } } {
  const scans = { n: 0 };
  const matcher = new Proxy(glossary.matcher, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      return key === 'scan' ? (...args: unknown[]) => (scans.n++, (value as (...a: unknown[]) => unknown).apply(target, args)) : (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { glossary: Object.create(glossary, { matcher: { value: matcher } }) as GlossarySnapshot, scans };
}

const unit = (i: number, segments: Record<string, string>) => ({ kind: 'unit' as const, attrs: {}, props: [], notes: [], line: i, segments: Object.entries(segments).map(([lang, text]) => plainSegment(lang, text)) });
const CHARS = '我你他她们是有在这那个中国人大小上下来去说好新年月日时天地会能要就也和对';

describe('a lookup of one character in a memory of many short units', () => {
  let db: TmStore;
  let glossary: GlossarySnapshot;

  beforeAll(async () => {
    glossary = (await buildTestStore(false)).glossary;
    db = await openTm(join(tempDir(), 'tm.db'));
    // 1,000 units of three characters with 的 in the middle, in zh-CN and zh-TW; then 的 alone, stored last.
    const units = Array.from({ length: 1000 }, (_, i) => {
      const text = `${CHARS[i % CHARS.length]}的${CHARS[Math.floor(i / CHARS.length) % CHARS.length]}`;
      return unit(i, { 'zh-CN': text, 'zh-TW': text, en: `unit ${i}` });
    });
    units.push(unit(1000, { 'zh-CN': '的', 'zh-TW': '的', en: 'of' }));
    await insertUnits(db, units);
  });

  it('converts targets only for the matches it returns', async () => {
    const counting = countingScans(glossary);
    const index = await TmIndex.load(db, counting.glossary);
    counting.scans.n = 0;
    const matches = index.lookup({ text: '的', from: 'zh-CN', to: 'zh-HK', minScore: 0, limit: 5 });
    // 的 alone scores 100; each three-character unit 33 (two insertions of three), lowest id first.
    expect(matches.map((m) => [m.unitId, m.score, m.target])).toEqual([
      [1001, 100, '的'],
      [1, 33, '我的我'],
      [2, 33, '你的我'],
      [3, 33, '他的我'],
      [4, 33, '她的我'],
    ]);
    // One scan for the query, one per converted target: on 1ebf01b, one per unit holding 的 (1,001 conversions).
    expect(counting.scans.n).toBeLessThanOrEqual(1 + 5);
  });

  it('aligns a bounded number of candidates, however many units hold the character', async () => {
    const index = await TmIndex.load(db, glossary);
    const work: TmLookupWork = { aligned: 0, built: 0 };
    const matches = index.lookup({ text: '的', from: 'zh-TW', to: 'en', minScore: 30, limit: 3 }, work);
    expect(matches.map((m) => [m.unitId, m.score, m.target])).toEqual([
      [1001, 100, 'of'],
      [1, 33, 'unit 0'],
      [2, 33, 'unit 1'],
    ]);
    // 的 is in 1,001 units of 2 Chinese segments each; the short path reads at most 200 from each of its 3 buckets.
    expect(work.aligned).toBeGreaterThan(0);
    expect(work.aligned).toBeLessThanOrEqual(3 * 200);
    expect(work.built).toBe(3);
  });
});

describe('a concordance search in a memory too large to read for one query', () => {
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const glossary = (await buildTestStore(false)).glossary;
    const db = await openTm(join(tempDir(), 'tm.db'));
    // 250 units of 10,000 characters: 2,500,000 tokens of English, past the search's 2,000,000 comparisons.
    const long = 'the board met on monday and said nothing new '.repeat(223).slice(0, 10_000);
    const units = Array.from({ length: 250 }, (_, i) => unit(i, { en: `${i} ${long}`.slice(0, 10_000), 'zh-CN': `董事会第${i}次开会` }));
    // A unit with a rare pair after a common one, stored last.
    units.push(unit(250, { en: 'the board met on monday, quorum reached', 'zh-CN': '董事会开会，人数已足' }));
    await insertUnits(db, units);
    const tm = await TranslationMemory.open(db, glossary);
    app = createApp({ glossary: () => glossary, tm });
  });

  const search = async (q: string) => {
    const res = await app.request(`/v1/tm/search?q=${encodeURIComponent(q)}`);
    return { status: res.status, json: (await res.json()) as { units: { unitId: number }[]; complete: boolean } };
  };

  it('stops at its work limit for a character no unit holds, and says the answer is partial', async () => {
    expect(await search('z')).toEqual({ status: 200, json: { units: [], complete: false } });
  });

  it('reads the units holding the rarest pair of the query, and finds the one it asks for', async () => {
    // "the" is in every unit; "quorum" only in the last one.
    expect(await search('the board met on monday, quorum')).toEqual({ status: 200, json: { units: [{ unitId: 251, segments: expect.anything() }], complete: true } });
    expect((await search('不在')).json).toEqual({ units: [], complete: true });
  });
});
