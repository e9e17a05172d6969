import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { stringify as yaml } from 'yaml';
import { neutralizeFormulas, restoreFormulas } from '../src/export/spreadsheet-cell.ts';
import { exportTable } from '../src/tm/table-export.ts';
import { importTableFile } from '../src/tm/table-import.ts';
import { addUnit, openTm, type TmStore } from '../src/tm/tm-repository.ts';
import { ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

// Texts an attacker could put in a note, a source or a segment: formula starts at the
// field's start, after a blank, in full width, after a bare LF or CR, and after each
// separator a spreadsheet may split on. None is a formula when the CSV is read right.
const HOSTILE = [
  "safe;=cmd|' /C calc'!A0",
  'first line\n=1+2',
  'first line\r=1+2',
  'a line\r\n@SUM(1,2)',
  ' =1+2 after a space',
  '\u3000=1+2 after an ideographic space',
  '＝１＋２ in full width',
  '＋1 and ＠2 and －3',
  'tab then\t+1',
  '\t=1 after a leading tab',
  'pipe|-2+3',
  'comma, -4+5',
  'quote"=6+7',
  'two quotes ""@8',
  "an apostrophe already: '=9",
  "a;'=10 and ''+11",
  '-12 at the start',
];

/** Any cell that starts, past blanks and quotes a reader may drop, with a formula character. */
const FORMULA_CELL = /^["\s\p{Zs}\u200b\ufeff]*[=+\-@＝＋－＠]/u;

/**
 * Formula cells found when text is read with sep as the separator: by csv-parse (quotes
 * honoured, but loose, as spreadsheets are), and by a reader that ignores quotes
 * altogether and splits on every line break and separator.
 */
function formulaCells(text: string, sep: string): string[] {
  const parsed = parse(text, { delimiter: sep, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const naive = text.split(/\r\n|\r|\n/).map((line) => line.split(sep));
  return [...parsed, ...naive].flat().filter((cell) => FORMULA_CELL.test(cell));
}

const SEPARATORS = [',', ';', '\t', '|'];

/** Records as a reader sees them that ends a row at a bare CR or LF too, outside quotes. */
function recordsAnyBreak(text: string, sep: string): string[][] {
  return parse(text, { delimiter: sep, bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}

function glossaryCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('neutralizeFormulas', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ["safe;=cmd|' /C calc'!A0", "safe;'=cmd|' /C calc'!A0"],
    ['line\n=1', "line\n'=1"],
    ['line\r@1', "line\r'@1"],
    [' =1', "' =1"],
    ['＝1', "'＝1"],
    ['\tx', "'\tx"],
    ["'=1", "''=1"],
    ['a, -5%', "a,' -5%"],
    ['a\r\nb - c', 'a\r\nb - c'],
    ['plain text, no formula; 3-2=1', 'plain text, no formula; 3-2=1'],
  ])('%j -> %j, and back', (text, guarded) => {
    expect(neutralizeFormulas(text)).toBe(guarded);
    expect(restoreFormulas(guarded)).toBe(text);
  });
});

describe('glossary CSV export against formula injection', () => {
  it('quotes line breaks and leaves no formula cell for any separator a spreadsheet may use', async () => {
    const dir = join(tempDir(), 'glossary');
    mkdirSync(dir);
    const entries = HOSTILE.map((note, i) => ({
      id: `hostile-${i}`,
      kind: 'term',
      names: { en: `hostile ${i}` },
      aliases: [`-alias ${i}`, `=alias ${i}`],
      note,
      sources: [note.replace(/[\t\r\n]/g, ' '), `@source ${i}`],
    }));
    entries.push({ id: 'formula-name', kind: 'term', names: { en: '=HYPERLINK("http://example.invalid")' }, aliases: [], note: 'a name that looks like a formula', sources: [] });
    writeFileSync(join(dir, 'terms.yaml'), yaml(entries));
    const env = { GLOSSARY_DIR: dir, GLOSSARY_DB: join(tempDir(), 'data', 'glossary.db'), SERVICE_DB: join(tempDir(), 'service.db') };

    const { code, stdout, stderr } = await glossaryCli(['export', '--format', 'csv'], env);
    expect(code, stderr).toBe(0);

    // Read as written: one record per entry, nothing split, every cell back as the entry had it.
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(entries.length);
    expect(recordsAnyBreak(stdout, ',')).toHaveLength(entries.length + 1);
    for (const [i, note] of HOSTILE.entries()) {
      const row = rows.find((r) => r.id === `hostile-${i}`)!;
      expect(restoreFormulas(row.note!)).toBe(note);
      expect(row.aliases).toBe(`'-alias ${i} | '=alias ${i}`);
    }
    expect(rows.find((r) => r.id === 'formula-name')!.en).toBe('\'=HYPERLINK("http://example.invalid")');
    // The line breaks are inside quotes: a bare LF or CR outside them would start a row.
    expect(rows.find((r) => r.id === 'hostile-1')!.note).toBe("first line\n'=1+2");
    expect(stdout).toContain(`"first line\n'=1+2"`);
    expect(stdout).toContain(`"first line\r'=1+2"`);
    expect(stdout).toContain(`"safe;'=cmd|' /C calc'!A0"`);

    for (const sep of SEPARATORS) expect(formulaCells(stdout, sep), `separator ${JSON.stringify(sep)}`).toEqual([]);
  });
});

describe('TM CSV and TSV export against formula injection', () => {
  async function hostileMemory(): Promise<TmStore> {
    const db = await openTm(join(tempDir(), 'tm.db'));
    for (const [i, text] of HOSTILE.entries()) {
      const added = await addUnit(db, { segments: [{ lang: 'en', text }, { lang: 'zh-CN', text: `第${i}句：${text}` }] });
      expect(added.ok).toBe(true);
    }
    return db;
  }

  async function collect(chunks: AsyncIterable<string>): Promise<string> {
    let out = '';
    for await (const chunk of chunks) out += chunk;
    return out;
  }

  it.each(['csv', 'tsv'] as const)('%s: no formula cell for any separator, and the import gives every segment back exactly', async (format) => {
    const db = await hostileMemory();
    const text = await collect(exportTable(db, format));

    const sep = format === 'csv' ? ',' : '\t';
    const rows = recordsAnyBreak(text, sep);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    expect(rows.every((r) => r.length === 2)).toBe(true);
    for (const s of SEPARATORS) expect(formulaCells(text, s), `separator ${JSON.stringify(s)}`).toEqual([]);

    const path = join(tempDir(), `memory.${format}`);
    writeFileSync(path, text);
    const again = await openTm(join(tempDir(), 'tm.db'));
    expect(await importTableFile(again, path, format)).toMatchObject({ added: HOSTILE.length, rejected: [] });
    const segments = async (store: TmStore) => (await store.selectFrom('tm_segment').select(['lang', 'text']).orderBy('lang').orderBy('text').execute()).map((s) => `${s.lang}:${s.text}`);
    expect(await segments(again)).toEqual(await segments(db));
    expect(readFileSync(path, 'utf8')).toBe(text);
    await again.destroy();
    await db.destroy();
  });
});
