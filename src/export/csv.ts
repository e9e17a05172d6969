import { stringify } from 'csv-stringify/sync';
import { pinyin } from 'pinyin-pro';
import type { Entry } from '../glossary/entry.ts';

export const CSV_COLUMNS = ['id', 'kind', 'zh-CN', 'zh-TW', 'zh-HK', 'en', 'pinyin', 'aliases', 'deprecated', 'wikidata', 'note', 'sources'] as const;

/** Joins several names in one cell; a character no name contains. */
export const LIST_SEPARATOR = ' | ';

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or
 * carriage return) gets a leading apostrophe, which spreadsheets show as text.
 * neutralizeFormula('=HYPERLINK("x")') -> "'=HYPERLINK(\"x\")"
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One CSV row for an entry, in CSV_COLUMNS order. */
export function csvRecord(entry: Entry): string[] {
  const chinese = entry.names['zh-CN'] ?? entry.names['zh-HK'] ?? entry.names['zh-TW'];
  const reading = chinese && /[\u3400-\u9fff]/.test(chinese) ? pinyin(chinese, { nonZh: 'consecutive', surname: entry.kind === 'person' ? 'head' : 'off' }) : '';
  const aliases = [...entry.aliases, ...entry.ambiguous.map((a) => a.name)];
  return [
    entry.id,
    entry.kind,
    entry.names['zh-CN'] ?? '',
    entry.names['zh-TW'] ?? '',
    entry.names['zh-HK'] ?? '',
    entry.names.en ?? '',
    reading,
    aliases.join(LIST_SEPARATOR),
    entry.deprecated.join(LIST_SEPARATOR),
    entry.wikidata ?? '',
    entry.note ?? '',
    entry.sources.join(LIST_SEPARATOR),
  ].map(neutralizeFormula);
}

/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled) with a header row, built in chunks
 * so a large glossary streams. With bom, starts with U+FEFF for spreadsheet programs.
 */
export async function* csvChunks(entries: AsyncIterable<readonly Entry[]> | Iterable<readonly Entry[]>, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  yield (options.bom ? '\ufeff' : '') + stringify([[...CSV_COLUMNS]], { record_delimiter: 'windows' });
  for await (const page of entries) {
    yield stringify(page.map(csvRecord), { record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
  }
}
