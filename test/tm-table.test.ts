import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTable, type TableExportStats } from '../src/tm/table-export.ts';
import { importTableFile, TableError } from '../src/tm/table-import.ts';
import { countUnits, getUnit, openTm, type TmStore } from '../src/tm/tm-repository.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import { ROOT, tempDir } from './helpers.ts';

const KIT = resolve(ROOT, '../shared/tmx-compliance');

function writeFile(name: string, body: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, body);
  return path;
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** Every unit's segments, as a set of sorted JSON strings (ids differ between memories). */
async function unitSet(db: TmStore): Promise<string[]> {
  const rows = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text']).orderBy('unit_id').orderBy('lang').execute();
  const units = new Map<number, Record<string, string>>();
  for (const r of rows) units.set(r.unit_id, { ...units.get(r.unit_id), [r.lang]: r.text });
  return [...units.values()].map((u) => JSON.stringify(u)).sort();
}

// A spreadsheet's CSV: BOM, CRLF, a quoted field with a comma, a doubled quote and a
// line break, a formula-like cell our export neutralized, and two bad rows.
const CSV = [
  '\ufeffzh-cn,ZH-TW,en',
  '英伟达发布H200芯片,輝達發布H200晶片,NVIDIA releases the H200 chip',
  '"白宫表示,将限制出口",,"The White House said ""no"",\nthen yes"',
  "'-5%的关税,,'-5% tariff",
  '只有中文,,',
  '多了一格,多了一格,too,many',
  '',
].join('\r\n');

describe('CSV and TSV import', () => {
  it('imports a header of language tags and one unit per row, rejecting bad rows by line', async () => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTableFile(db, writeFile('pairs.csv', CSV), 'csv');
    expect(report).toMatchObject({ added: 3, duplicates: 0 });
    expect(report.rejected).toEqual([
      { line: 6, reason: 'only one language' },
      { line: 7, reason: '4 cells where the header has 3' },
    ]);
    expect((await getUnit(db, 1))!.segments).toEqual({ 'zh-CN': '英伟达发布H200芯片', 'zh-TW': '輝達發布H200晶片', en: 'NVIDIA releases the H200 chip' });
    expect((await getUnit(db, 2))!.segments).toEqual({ 'zh-CN': '白宫表示,将限制出口', en: 'The White House said "no",\nthen yes' });
    // The apostrophe a spreadsheet export puts before a formula-like cell is taken off.
    expect((await getUnit(db, 3))!.segments).toEqual({ 'zh-CN': '-5%的关税', en: '-5% tariff' });
    await db.destroy();
  });

  it('reads TSV, and skips rows already stored', async () => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    const path = writeFile('pairs.tsv', 'en\tzh-HK\nchip\t晶片\nchip\t晶片\nartificial intelligence\t人工智能\n');
    expect(await importTableFile(db, path, 'tsv')).toMatchObject({ added: 2, duplicates: 1, rejected: [] });
    expect(await unitSet(db)).toEqual([JSON.stringify({ en: 'artificial intelligence', 'zh-HK': '人工智能' }), JSON.stringify({ en: 'chip', 'zh-HK': '晶片' })]);
    await db.destroy();
  });

  it.each([
    ['a header that is not languages', 'source,target\nx,y\n', /^bad\.csv:1: column 1 is headed "source", not a language tag/],
    ['a header with one language', 'zh-CN\n芯片\n', /^bad\.csv:1: the header names 1 language/],
    ['a repeated language', 'zh-CN,zh-cn\n芯片,晶片\n', /^bad\.csv:1: column 2 repeats the language zh-CN/],
    ['an unclosed quote', 'zh-CN,en\n芯片,chip\n"晶片,chip\n', /^bad\.csv:3: Quote Not Closed/],
    ['an empty file', '', /^bad\.csv:1: the file is empty/],
  ])('refuses %s with file:line and stores nothing', async (_name, body, message) => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    const error = await importTableFile(db, writeFile('bad.csv', body), 'csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableError);
    expect((error as Error).message).toMatch(message);
    expect(await countUnits(db)).toBe(0);
    await db.destroy();
  });
});

describe('CSV and TSV export', () => {
  it('writes a column per language and reads back to the same units', async () => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    await importTableFile(db, writeFile('pairs.csv', CSV), 'csv');
    const csv = await collect(exportTable(db, 'csv'));
    expect(csv.split('\r\n')[0]).toBe('zh-CN,zh-TW,en');
    expect(csv).toContain('"白宫表示,将限制出口",,"The White House said ""no"",\nthen yes"\r\n');
    // A guarded cell is quoted, so a reader that splits on another separator keeps it whole.
    expect(csv).toContain('"\'-5%的关税",,"\'-5% tariff"\r\n');

    for (const format of ['csv', 'tsv'] as const) {
      const again = await openTm(join(tempDir(), 'tm.db'));
      await importTableFile(again, writeFile(`export.${format}`, await collect(exportTable(db, format))), format);
      expect(await unitSet(again), format).toEqual(await unitSet(db));
      await again.destroy();
    }
    await db.destroy();
  });

  it('writes inline tags as their native code and counts the units that had them', async () => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    // ImportTest2A-0index.tmx: The big <bpt i="1" ...>&lt;b></bpt>black<ept i="1">&lt;/b></ept> <bpt ...>&lt;u></bpt>cat<ept ...>&lt;/u></ept> sleeps.
    await importTmxFile(db, join(KIT, 'ImportTest2A-0index.tmx'));
    const stats: TableExportStats = { units: 0, tagged: 0 };
    const csv = await collect(exportTable(db, 'csv', stats));
    const tagged = (await db.selectFrom('tm_segment').select('unit_id').distinct().where('markup', 'like', '%<%').execute()).length;
    expect(tagged).toBeGreaterThan(0);
    expect(stats).toEqual({ units: await countUnits(db), tagged });
    expect(csv).toContain('The big <b>black</b> <u>cat</u> sleeps.');
    expect(csv).toContain('Le gros <u>chat</u> <b>noir</b> dors.');
    expect(csv).not.toMatch(/[\ue000-\uf8ff]/);
    await db.destroy();
  });
});

describe('glossary tm add | edit | show | delete | export (CLI)', () => {
  const tmPath = join(tempDir(), 'tm.db');
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), 'tm', ...args], { env: { ...process.env, TM_DB: tmPath }, cwd: ROOT }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('adds, shows, edits and deletes a unit', async () => {
    const added = await run(['add', 'zh-CN=英伟达发布H200芯片', 'en=NVIDIA releases the H200 chip', '--note', 'seed 001', '--json']);
    expect(added.code).toBe(0);
    const unit = JSON.parse(added.stdout);
    expect(unit).toMatchObject({ segments: { 'zh-CN': '英伟达发布H200芯片', en: 'NVIDIA releases the H200 chip' }, notes: ['seed 001'] });

    const duplicate = await run(['add', 'en=NVIDIA releases the H200 chip', 'zh-CN=英伟达发布H200芯片']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain(`unit ${unit.unitId} already has exactly these segments`);

    const edited = await run(['edit', String(unit.unitId), 'zh-CN=英伟达发布H20芯片', 'en=NVIDIA releases the H20 chip', 'zh-TW=輝達發布H20晶片']);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('zh-TW: 輝達發布H20晶片');
    const shown = JSON.parse((await run(['show', String(unit.unitId), '--json'])).stdout);
    expect(shown.segments).toEqual({ 'zh-CN': '英伟达发布H20芯片', 'zh-TW': '輝達發布H20晶片', en: 'NVIDIA releases the H20 chip' });
    // Notes stay unless replaced.
    expect(shown.notes).toEqual(['seed 001']);

    const csv = await run(['export', '--format', 'csv']);
    expect(csv.stdout).toBe('zh-CN,zh-TW,en\r\n英伟达发布H20芯片,輝達發布H20晶片,NVIDIA releases the H20 chip\r\n');
    expect(csv.stderr).toContain('exported 1 units as CSV');

    const deleted = await run(['delete', String(unit.unitId)]);
    expect(deleted.code).toBe(0);
    expect((await run(['show', String(unit.unitId)])).code).toBe(1);
    expect((await run(['delete', String(unit.unitId)])).stderr).toContain(`no unit ${unit.unitId}`);
  });

  it('refuses malformed segments with exit code 2 and says how to write them', async () => {
    const noEquals = await run(['add', 'zh-CN 芯片', 'en=chip']);
    expect(noEquals.code).toBe(2);
    expect(noEquals.stderr).toContain('write each segment as LANG=TEXT');
    const oneLanguage = await run(['add', 'zh-CN=芯片']);
    expect(oneLanguage.code).toBe(2);
    expect(oneLanguage.stderr).toContain('at least two languages');
  });

  it('imports CSV files by extension through tm import', async () => {
    const path = writeFile('pairs.csv', CSV);
    const result = await run(['import', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('pairs.csv: 3 units added, 0 duplicates skipped, 2 rejected');
    expect(result.stderr).toContain('pairs.csv:6: rejected: only one language');
    expect(readFileSync(path, 'utf8')).toBe(CSV);
  });
});
