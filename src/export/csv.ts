import { stringify } from 'csv-stringify/sync';
import { pinyin } from '../pinyin.ts';
import type { Entry } from '../glossary/entry.ts';
import { neutralizeFormulas, spreadsheetCsvOptions } from './spreadsheet-cell.ts';

export const CSV_COLUMNS = ['id', 'kind', 'zh-CN', 'zh-TW', 'zh-HK', 'en', 'pinyin', 'aliases', 'deprecated', 'admitted', 'wikidata', 'note', 'sources', 'licence', 'topics', 'zh-SG', 'zh-MY', 'zh-MO'] as const;

/** Joins several names in one cell; a character no name contains. */
export const LIST_SEPARATOR = ' | ';

const CSV = spreadsheetCsvOptions(',');

/** One CSV row for an entry, in CSV_COLUMNS order, formula starts neutralized. */
export function csvRecord(entry: Entry): string[] {
  const chinese = entry.names['zh-CN'] ?? entry.names['zh-HK'] ?? entry.names['zh-TW'];
  const reading = chinese && /[\u3400-\u9fff]/.test(chinese) ? pinyin(chinese, { nonZh: 'consecutive', surname: entry.kind === 'person' ? 'head' : 'off' }) : '';
  const aliases = [...entry.aliases, ...entry.ambiguous.map((a) => a.name)];
  return [
    ...[entry.id, entry.kind, entry.names['zh-CN'] ?? '', entry.names['zh-TW'] ?? '', entry.names['zh-HK'] ?? '', entry.names.en ?? '', reading].map(neutralizeFormulas),
    listCell(aliases),
    listCell(entry.deprecated),
    // One item per region and form, 'zh-CN: AI | zh-TW: AI': a form may itself hold a comma.
    listCell(Object.entries(entry.admitted ?? {}).flatMap(([region, forms]) => forms.map((form) => `${region}: ${form}`))),
    neutralizeFormulas(entry.wikidata ?? ''),
    neutralizeFormulas(entry.note ?? ''),
    listCell(entry.sources),
    neutralizeFormulas(entry.licence ?? ''),
    // Last, as licence was: a column is only ever appended, so a spreadsheet's formulas over earlier ones keep working.
    listCell(entry.topics ?? []),
    ...[entry.names['zh-SG'] ?? '', entry.names['zh-MY'] ?? '', entry.names['zh-MO'] ?? ''].map(neutralizeFormulas),
  ];
}

/**
 * Names joined with LIST_SEPARATOR, each guarded on its own so the apostrophe sits
 * before the name it protects: ['-a', '=b'] -> "'-a | '=b". The blank after | keeps
 * the next name's apostrophe in front of it, so the joined cell is guarded too.
 */
function listCell(items: readonly string[]): string {
  return items.map(neutralizeFormulas).join(LIST_SEPARATOR);
}

/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled) with a header row, built in chunks
 * so a large glossary streams. With bom, starts with U+FEFF for spreadsheet programs.
 * Every place a spreadsheet could start a cell with a formula gets an apostrophe
 * (see spreadsheet-cell.ts).
 */
export async function* csvChunks(entries: AsyncIterable<readonly Entry[]> | Iterable<readonly Entry[]>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  yield (options.bom ? '\ufeff' : '') + stringify([[...CSV_COLUMNS]], CSV);
  for await (const page of entries) {
    yield stringify(page.map(csvRecord), CSV);
  }
}
