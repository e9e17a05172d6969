import { stringify } from 'csv-stringify/sync';
import { neutralizeFormulas, spreadsheetCsvOptions } from '../export/spreadsheet-cell.ts';
import type { TableFormat } from './table-import.ts';
import type { TmStore } from './tm-repository.ts';

const PAGE = 1000;
/** The product's own locales lead; other languages follow alphabetically. */
const FIRST = ['zh-CN', 'zh-TW', 'zh-HK', 'en'];

export interface TableExportStats {
  units: number;
  /** Units with inline tags, written as their native code (TMX keeps them as tags). */
  tagged: number;
}

/**
 * The whole memory as CSV or TSV: a header of language tags, one row per unit,
 * quoted where a field needs it. Wherever a spreadsheet could start a cell with a
 * formula, an apostrophe goes first (see spreadsheet-cell.ts), which our import
 * removes again. Inline tags cannot live in a table: a tagged segment is written
 * with its native code (<b>bold</b>).
 */
export async function* exportTable(db: TmStore, format: TableFormat, stats: TableExportStats = { units: 0, tagged: 0 }, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  const found = (await db.selectFrom('tm_segment').select('lang').distinct().execute()).map((r) => r.lang);
  const languages = [...FIRST.filter((l) => found.includes(l)), ...found.filter((l) => !FIRST.includes(l)).sort()];
  const column = new Map(languages.map((l, i) => [l, i]));
  const csv = spreadsheetCsvOptions(format === 'tsv' ? '\t' : ',');
  yield (options.bom ? '\ufeff' : '') + stringify([languages], csv);
  let after = 0;
  for (;;) {
    const ids = (await db.selectFrom('tm_unit').select('id').where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((u) => u.id);
    if (ids.length === 0) return;
    const segments = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text', 'markup']).where('unit_id', 'in', ids).orderBy('unit_id').execute();
    const rows = new Map<number, string[]>(ids.map((id) => [id, languages.map(() => '')]));
    const tagged = new Set<number>();
    for (const s of segments) {
      const hasTags = s.markup.includes('<');
      const plain = hasTags ? nativeText(s.markup) : s.text;
      if (hasTags) tagged.add(s.unit_id);
      rows.get(s.unit_id)![column.get(s.lang)!] = neutralizeFormulas(plain);
    }
    stats.units += ids.length;
    stats.tagged += tagged.size;
    yield stringify([...rows.values()], csv);
    after = ids[ids.length - 1]!;
  }
}

/** A segment's markup with the tags taken out and their native code kept as text. */
function nativeText(markup: string): string {
  return markup.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

