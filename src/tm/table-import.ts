import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { decodeTextChunks, NotText } from '../decode-text.ts';
import { restoreFormulas } from '../export/spreadsheet-cell.ts';
import { fileChunks } from './file-chunks.ts';
import { normalizeLanguage } from './language.ts';
import { afterImport, insertUnits, plainSegment, type TmStore } from './tm-repository.ts';
import type { ImportReport } from './tmx-import.ts';
import type { TmxUnit } from './tmx-reader.ts';
import { textProblem } from './unit-input.ts';

export type TableFormat = 'csv' | 'tsv';

/** A CSV or TSV file that cannot be read as a table of segments. */
export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableError';
  }
}

const BATCH = 1000;

/** csv for .csv, tsv for .tsv and .tab; undefined for anything else. */
export function tableFormatOf(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.tsv' || ext === '.tab' ? 'tsv' : undefined;
}

/**
 * Import a CSV or TSV file of aligned segments: a header row of language tags
 * (zh-CN, zh-TW, en, ...), then one unit per row, an empty cell meaning that
 * language is missing. Quoted fields as RFC 4180 (and as spreadsheets write TSV).
 * The file is one transaction: a malformed file stores nothing. A row with fewer
 * than two languages, or with bad text, is rejected with its line. The file is UTF-8,
 * or UTF-8/UTF-16 by its byte order mark, or in the encoding given (see decode-text.ts).
 */
export async function importTableFile(db: TmStore, path: string, format: TableFormat, onBytes?: (read: number, total: number) => void, encoding?: string): Promise<ImportReport> {
  const name = basename(path);
  const text = Readable.from(decodeTextChunks(fileChunks(path, onBytes), encoding));
  const rows = text.pipe(parse({ delimiter: format === 'tsv' ? '\t' : ',', bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  // pipe does not pass errors on: a file that is not text must end the parse with its reason.
  text.on('error', (error) => rows.destroy(error));
  const report = await db.transaction().execute(async (trx) => {
    let languages: string[] | undefined;
    let added = 0;
    let seen = 0;
    const rejected: { line: number; reason: string }[] = [];
    let batch: TmxUnit[] = [];
    try {
      for await (const { record, info } of rows as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!languages) {
          languages = headerLanguages(record, name, info.lines);
          continue;
        }
        const unit = rowUnit(record, languages, info.lines);
        if (typeof unit === 'string') {
          rejected.push({ line: info.lines, reason: unit });
          continue;
        }
        seen++;
        batch.push(unit);
        if (batch.length >= BATCH) {
          added += await insertUnits(trx, batch);
          batch = [];
        }
      }
    } catch (error) {
      if (error instanceof CsvError) throw new TableError(`${name}:${(error as CsvError & { lines?: number }).lines ?? 1}: ${error.message}`);
      if (error instanceof NotText) throw new TableError(`${name}: ${error.message}`);
      throw error;
    }
    if (!languages) throw new TableError(`${name}:1: the file is empty; the first row must name the languages, e.g. zh-CN,en`);
    added += await insertUnits(trx, batch);
    return { file: path, added, duplicates: seen - added, rejected };
  });
  await afterImport(db, report.added);
  return report;
}

function headerLanguages(header: readonly string[], name: string, line: number): string[] {
  const languages: string[] = [];
  for (const [i, cell] of header.entries()) {
    const lang = normalizeLanguage(cell.trim());
    if (!lang) throw new TableError(`${name}:${line}: column ${i + 1} is headed "${cell}", not a language tag; the first row must name each column's language, e.g. zh-CN,en`);
    if (languages.includes(lang)) throw new TableError(`${name}:${line}: column ${i + 1} repeats the language ${lang}`);
    languages.push(lang);
  }
  if (languages.length < 2) throw new TableError(`${name}:${line}: the header names ${languages.length} language; a memory needs at least two columns`);
  return languages;
}

/** The row as a unit, or why it is rejected. */
function rowUnit(record: readonly string[], languages: readonly string[], line: number): TmxUnit | string {
  if (record.length !== languages.length) return `${record.length} cells where the header has ${languages.length}`;
  const segments = [];
  for (const [i, cell] of record.entries()) {
    if (cell.trim() === '') continue;
    const text = restoreFormulas(cell);
    const problem = textProblem(text);
    if (problem) return `${languages[i]}: ${problem}`;
    segments.push(plainSegment(languages[i]!, text));
  }
  if (segments.length < 2) return `only ${segments.length === 0 ? 'no' : 'one'} language`;
  return { kind: 'unit', attrs: {}, props: [], notes: [], segments, line };
}

