import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { afterImport, insertUnits, openTm } from '../src/tm/tm-repository.ts';
import { migrateToLatest } from '../src/db/connection.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { foldText } from '../src/fold.ts';
import { tmPostgresMigrations } from '../src/tm/migrations/index.ts';
import { segmentGrams } from '../src/tm/segment-grams.ts';
import { TmIndex } from '../src/tm/tm-index.ts';
import { TranslationMemory } from '../src/tm/translation-memory.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import { createApp } from '../src/http/app.ts';
import { buildTestStore, tempDir } from './helpers.ts';
import { freshDatabase, SERVICE_DIALECTS } from './postgres.ts';

// The same tests on the memory in a SQLite file and in PostgreSQL (candidates found by the database).
describe.each(SERVICE_DIALECTS)('the translation memory in %s', (dialect) => {
  let tm: TranslationMemory;
  let app: ReturnType<typeof createApp>;
  const database = dialect === 'postgres' ? freshDatabase() : undefined;

  beforeAll(async () => {
    const store = await buildTestStore(false);
    const path = join(tempDir(), 'memory.tmx');
    writeFileSync(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="t" adminlang="en" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>英伟达发布H200芯片</seg></tuv><tuv xml:lang="en"><seg>NVIDIA releases the H200 chip</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>白宫表示将限制出口</seg></tuv><tuv xml:lang="en"><seg>The White House said it would limit exports</seg></tuv></tu>
<tu><tuv xml:lang="zh-TW"><seg>川普宣布解禁晶片</seg></tuv><tuv xml:lang="en"><seg>Trump lifts the chip ban</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>晶</seg></tuv><tuv xml:lang="en"><seg>crystal</seg></tuv></tu>
</body></tmx>`,
    );
    const db = await openTm(database ? database.url : join(tempDir(), 'tm.db'));
    await importTmxFile(db, path);
    tm = await TranslationMemory.open(db, store.glossary);
    app = createApp({ glossary: () => store.glossary, tm });
  });

  describe('TM lookup', () => {
    it('finds a zh-CN twin of a zh-TW sentence as a 100% match', async () => {
      const [match] = await tm.lookup({ text: '輝達發布H200晶片', from: 'zh-TW', to: 'en' });
      expect(match).toMatchObject({ source: '英伟达发布H200芯片', target: 'NVIDIA releases the H200 chip', score: 100, patched: false, diff: [] });
    });

    it('treats a different name as one token and patches the target with it', async () => {
      const [match] = await tm.lookup({ text: '华为发布H200芯片', from: 'zh-CN', to: 'en' });
      // Five tokens (英伟达, 发, 布, H200, 芯片) with one replaced: 4/5 = 80.
      expect(match).toMatchObject({
        source: '英伟达发布H200芯片',
        target: 'Huawei releases the H200 chip',
        score: 80,
        patched: true,
        diff: [{ op: 'replace', stored: '英伟达', query: '华为' }],
      });
    });

    it('converts a target stored in another form of Chinese to the one asked for', async () => {
      const [match] = await tm.lookup({ text: 'NVIDIA releases the H200 chip', from: 'en', to: 'zh-TW' });
      // zh-TW names (輝達, 晶片), and OpenCC's Taiwan phrase for 发布 (釋出).
      expect(match).toMatchObject({ score: 100, target: '輝達釋出H200晶片' });
    });

    it('matches across regional names of a person, at any minimum score', async () => {
      for (const minScore of [70, 95, 100]) {
        const [match] = await tm.lookup({ text: '特朗普宣布解禁芯片', from: 'zh-CN', to: 'en', minScore });
        expect(match, `minScore ${minScore}`).toMatchObject({ source: '川普宣布解禁晶片', target: 'Trump lifts the chip ban', score: 100 });
      }
    });

    it('finds a segment of one character', async () => {
      expect(await tm.lookup({ text: '晶', from: 'zh-CN', to: 'en' })).toMatchObject([{ source: '晶', target: 'crystal', score: 100 }]);
    });

    it('returns nothing below the minimum score', async () => {
      expect(await tm.lookup({ text: '今天天气很好', from: 'zh-CN', to: 'en' })).toEqual([]);
      expect(await tm.lookup({ text: '白宫表示将限制进口和出口', from: 'zh-CN', to: 'en', minScore: 95 })).toEqual([]);
      expect((await tm.lookup({ text: '白宫表示将限制进口和出口', from: 'zh-CN', to: 'en', minScore: 50 }))[0]).toMatchObject({ target: 'The White House said it would limit exports' });
    });
  });

  describe('TM concordance search', () => {
    it('finds a name in any script or regional form', async () => {
      for (const q of ['輝達', 'nvidia', '英偉達']) {
        expect((await tm.search(q)).units.map((u) => u.segments), q).toEqual([{ 'zh-CN': '英伟达发布H200芯片', en: 'NVIDIA releases the H200 chip' }]);
      }
      expect((await tm.search('晶片')).units.map((u) => u.segments.en).sort()).toEqual(['NVIDIA releases the H200 chip', 'Trump lifts the chip ban']);
    });

    it('finds nothing for words no unit has', async () => {
      expect(await tm.search('不存在的词')).toEqual({ units: [], complete: true });
    });
  });

  describe('TM over HTTP', () => {
    const post = async (body: unknown) => {
      const res = await app.request('/v1/tm/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any };
    };

    it('answers POST /v1/tm/lookup in the contract shape', async () => {
      const { status, json } = await post({ text: '华为发布H200芯片', from: 'zh-CN', to: 'en', minScore: 75, limit: 3 });
      expect(status).toBe(200);
      expect(json.matches).toHaveLength(1);
      expect(json.matches[0]).toEqual({
        unitId: expect.any(Number),
        source: '英伟达发布H200芯片',
        target: 'Huawei releases the H200 chip',
        score: 80,
        patched: true,
        diff: [{ op: 'replace', stored: '英伟达', query: '华为' }],
      });
    });

    it('answers GET /v1/tm/search', async () => {
      const res = await app.request('/v1/tm/search?q=' + encodeURIComponent('輝達'));
      expect(((await res.json()) as any).units.map((u: any) => u.segments.en)).toEqual(['NVIDIA releases the H200 chip']);
    });

    it.each([
      [{ from: 'zh-CN', to: 'en' }, 'text is required'],
      [{ text: 'x', to: 'en' }, 'from is required'],
      [{ text: 'x', from: 'not a tag!', to: 'en' }, 'from must be a language tag'],
      [{ text: 'x', from: 'zh', to: 'en', minScore: 101 }, 'minScore must be 0 to 100'],
      [{ text: 'x', from: 'zh', to: 'en', source: 'y' }, 'unknown field source'],
    ])('refuses %j with a 400 that says what to fix', async (body, message) => {
      const { status, json } = await post(body);
      expect(status).toBe(400);
      expect(json.error).toContain(message);
    });
  });
});

describe.each(SERVICE_DIALECTS)('TM lookup in a memory where some pairs are everywhere, in %s', (dialect) => {
  const database = dialect === 'postgres' ? freshDatabase() : undefined;

  it('still finds the near match among thousands of near neighbours', async () => {
    const store = await buildTestStore(false);
    const db = await openTm(database ? database.url : join(tempDir(), 'tm.db'));
    // 6,000 units that all share 号的 and 的新 (more than the in-memory index's 1,000-entry cut-off, and
    // than the segments a lookup in PostgreSQL reads), told apart by their numbers.
    const units = Array.from({ length: 6000 }, (_, i) => ({
      kind: 'unit' as const,
      attrs: {},
      props: [],
      notes: [],
      line: i + 1,
      segments: [
        { lang: 'zh-CN', text: `第${i}号的新芯片出货`, markup: `第${i}号的新芯片出货` },
        { lang: 'en', text: `Shipment of new chip no. ${i}`, markup: `Shipment of new chip no. ${i}` },
      ],
    }));
    await insertUnits(db, units);
    // As an import does: PostgreSQL's statistics then tell the common pairs from the rare.
    await afterImport(db, 6000);
    const memory = await TranslationMemory.open(db, store.glossary);
    // The query's tokens: 第 1 2 3 4 号 的 新 芯片 已 出 货 = 12, one more than stored (已): floor(100 * 11/12) = 91.
    const expected = { source: '第1234号的新芯片出货', target: 'Shipment of new chip no. 1234', score: 91 };
    // At 90 the in-memory index skips the common pairs and lowers the bar by as many.
    expect((await memory.lookup({ text: '第1234号的新芯片已出货', from: 'zh-CN', to: 'en', minScore: 90 }))[0]).toMatchObject(expected);
    // At 70 the lowered bar would reach zero, so every pair is counted.
    expect((await memory.lookup({ text: '第1234号的新芯片已出货', from: 'zh-CN', to: 'en', minScore: 70 }))[0]).toMatchObject(expected);
    // A changed digit: 5,999 others share every pair but the number's.
    expect((await memory.lookup({ text: '第5977号的新芯片出货', from: 'zh-CN', to: 'en', limit: 1 }))[0]).toMatchObject({ source: '第5977号的新芯片出货', score: 100 });
    expect((await memory.lookup({ text: '第5978号的新芯片出货了', from: 'zh-CN', to: 'en', limit: 1 }))[0]).toMatchObject({ source: '第5978号的新芯片出货', score: 91 });
    await db.destroy();
  });
});

describe('TM in PostgreSQL: segments written before the pair index', () => {
  const database = freshDatabase();

  it('get the pairs the application computes, from the migration that adds the index or, written without, from its trigger', async () => {
    const texts = ['英伟达发布H200芯片', 'Trump lifts the chip ban', 'a b\tc\nd\re', '𠮷野家𠮷𠮷', 'ＮＶＩＤＩＡ發佈', '', 'x', '的的的的'];
    const before = openPostgres<any>(database.url);
    await migrateToLatest(before, { '2026-12-04-tm': tmPostgresMigrations['2026-12-04-tm']! }, { migrationTableName: 'tm_migration', migrationLockTableName: 'tm_migration_lock' });
    for (const [i, text] of texts.entries()) {
      await before.insertInto('tm_unit').values({ hash: `h${i}`, attrs: '{}', created_at: 'now' }).execute();
      await before.insertInto('tm_segment').values({ unit_id: i + 1, lang: 'zh-CN', text, markup: text, fold: foldText(text) }).execute();
    }
    await before.destroy();
    const db = await openTm(database.url);
    const rows = await db.selectFrom('tm_segment').select(['fold', 'grams']).orderBy('unit_id').execute();
    expect(rows.map((r) => r.grams)).toEqual(rows.map((r) => segmentGrams(r.fold!)));
    // Hand-checked: 'a b\tc\nd\re' is the pairs ab, bc, cd, de; '的的的的' one pair, once.
    expect(rows[2]!.grams).toHaveLength(4);
    expect(rows[7]!.grams).toEqual([(0x7684 * 1000003 + 0x7684) % 2147483647]);
    // A replica of the version before, writing during an upgrade, sends no pairs: the database fills them.
    await db.insertInto('tm_unit').values({ hash: 'old-replica', attrs: '{}', created_at: 'now' }).execute();
    await db.insertInto('tm_segment').values({ unit_id: texts.length + 1, lang: 'zh-CN', text: '旧版副本写入', markup: '旧版副本写入', fold: '旧版副本写入' }).execute();
    const written = await db.selectFrom('tm_segment').select('grams').where('unit_id', '=', texts.length + 1).executeTakeFirstOrThrow();
    expect(written.grams).toEqual(segmentGrams('旧版副本写入'));
    await db.destroy();
  });
});

describe('TM re-index when the glossary changes', () => {
  it('joins a burst of glossary changes into one pass, with the newest glossary', async () => {
    const store = await buildTestStore(false);
    const db = await openTm(join(tempDir(), 'tm.db'));
    await insertUnits(db, [
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 1, segments: [
        { lang: 'zh-CN', text: '英伟达发布H200芯片', markup: '英伟达发布H200芯片' },
        { lang: 'en', text: 'NVIDIA releases the H200 chip', markup: 'NVIDIA releases the H200 chip' },
      ] },
    ]);
    const memory = await TranslationMemory.open(db, store.glossary);
    // Iluvatar CoreX (天数智芯) is not in the glossary: as a name it is four unknown characters.
    const query = { text: '天数智芯发布H200芯片', from: 'zh-CN', to: 'en' };
    expect((await memory.lookup(query))[0]?.patched ?? false).toBe(false);
    const entity = (n: number) => ({ id: 'iluvatar-corex', kind: 'org' as const, names: { 'zh-CN': '天数智芯', en: `Iluvatar CoreX ${n}` }, aliases: [], deprecated: [], ambiguous: [], sources: [] });
    const loads = vi.spyOn(TmIndex, 'load');
    try {
      const snapshots = await Promise.all([1, 2, 3].map((n) => store.glossary.withChanges([{ entityId: 'iluvatar-corex', after: entity(n) }])));
      await Promise.all(snapshots.map((g) => memory.useGlossary(g)));
      expect(loads).toHaveBeenCalledTimes(1);
      expect(loads.mock.calls[0]![1]).toBe(snapshots[2]);
    } finally {
      loads.mockRestore();
    }
    // With the entity known, the stored unit is a match with the name swapped in.
    expect((await memory.lookup(query))[0]).toMatchObject({ source: '英伟达发布H200芯片', patched: true, target: 'Iluvatar CoreX 3 releases the H200 chip' });
  });
});
