import { escapeForbidden, forbiddenChar } from '../stored-text.ts';
import type { TmStore } from './tm-repository.ts';
import { escapeXml, MAX_MARKUP_CHARS, serializeAttributes } from './tmx-reader.ts';
import { MAX_SEGMENT_CHARS } from './unit-input.ts';

const PAGE = 1000;

export interface TmxExportStats {
  /** Units holding characters XML 1.0 cannot carry, stored before import refused them; written as visible escapes. */
  escaped: number;
  /** Units an import of this export will refuse (a text over the limit, stored before there was one, or made longer by escapes). */
  refused: number;
  /** The first REFUSED_IDS of them. */
  refusedIds: number[];
}

/** How many refused unit ids stats keep: enough to name them, bounded whatever the memory. */
export const REFUSED_IDS = 20;

/**
 * The whole memory as TMX 1.4b, a page of units at a time. Each unit keeps its
 * <tu> attributes, props and notes; each segment its inline markup, so importing
 * the export gives back the same units. A memory written before control characters
 * were refused may hold some that XML 1.0 cannot carry even as references; they are
 * written as visible escapes (\u001b), so the export still imports, and counted in stats.
 * A text over MAX_SEGMENT_CHARS (stored before the limit, or pushed past it by those
 * escapes: one character becomes six) is written as it is, since cutting it would lose
 * text, and an import refuses its unit: the export says so in an XML comment before
 * the unit, and counts and names it in stats, so whoever restores knows which units
 * to shorten first (glossary tm edit).
 */
/** Counters for one export, all zero. */
export function tmxExportStats(): TmxExportStats {
  return { escaped: 0, refused: 0, refusedIds: [] };
}

/** Which units a restore of the export will refuse, and what to do about them. */
export function refusedSummary(stats: TmxExportStats): string {
  const more = stats.refused > stats.refusedIds.length ? ` and ${stats.refused - stats.refusedIds.length} more` : '';
  return `${stats.refused} units have a text over ${MAX_SEGMENT_CHARS.toLocaleString('en')} characters as written (stored before the limit, or made longer by escapes): an import of this export will refuse them; shorten them with glossary tm edit ID first: units ${stats.refusedIds.join(', ')}${more} (each is marked by a comment in the file)`;
}

export async function* exportTmx(db: TmStore, options: { srclang?: string; stats?: TmxExportStats } = {}): AsyncGenerator<string> {
  const srclang = options.srclang ?? '*all*';
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n';
  yield `  <header creationtool="zh-entity-glossary" creationtoolversion="0.1.0" datatype="plaintext" segtype="sentence" adminlang="en" srclang="${escapeXml(srclang)}" o-tmf="zh-entity-glossary"/>\n  <body>\n`;
  let after = 0;
  for (;;) {
    const units = await db.selectFrom('tm_unit').select(['id', 'attrs']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (units.length === 0) break;
    const ids = units.map((u) => u.id);
    const segments = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text', 'markup']).where('unit_id', 'in', ids).orderBy('unit_id').orderBy('lang').execute();
    const byUnit = new Map<number, { lang: string; text: string; markup: string }[]>();
    for (const s of segments) byUnit.set(s.unit_id, [...(byUnit.get(s.unit_id) ?? []), s]);
    let chunk = '';
    for (const unit of units) {
      const { attrs, props, notes } = JSON.parse(unit.attrs) as { attrs: Record<string, string>; props: { type: string; value: string }[]; notes: string[] };
      let xml = `    <tu${serializeAttributes(attrs)}>\n`;
      for (const note of notes) xml += `      <note>${escapeXml(note)}</note>\n`;
      for (const prop of props) xml += `      <prop type="${escapeXml(prop.type).replace(/"/g, '&quot;')}">${escapeXml(prop.value)}</prop>\n`;
      for (const s of byUnit.get(unit.id) ?? []) xml += `      <tuv xml:lang="${s.lang}"><seg>${s.markup}</seg></tuv>\n`;
      xml += '    </tu>\n';
      if (options.stats && forbiddenChar(xml)) options.stats.escaped++;
      const refusal = overLimit(byUnit.get(unit.id) ?? [], notes, props);
      if (refusal) {
        chunk += `    <!-- unit ${unit.id} will not import again: ${refusal}; shorten it (glossary tm edit ${unit.id}) before a restore -->\n`;
        if (options.stats) {
          options.stats.refused++;
          if (options.stats.refusedIds.length < REFUSED_IDS) options.stats.refusedIds.push(unit.id);
        }
      }
      chunk += xml10(xml);
    }
    yield chunk;
    after = units[units.length - 1]!.id;
  }
  yield '  </body>\n</tmx>\n';
}

/**
 * Why an import would refuse the unit as exported, by the length limits the import
 * applies to what it reads back (text with escapes in), or undefined.
 */
function overLimit(segments: readonly { lang: string; text: string; markup: string }[], notes: readonly string[], props: readonly { type: string; value: string }[]): string | undefined {
  const limit = MAX_SEGMENT_CHARS.toLocaleString('en');
  for (const s of segments) {
    const length = escapeForbidden(s.text).length;
    if (length > MAX_SEGMENT_CHARS) return `${s.lang} is ${length.toLocaleString('en')} characters as written, over the limit of ${limit}`;
    if (escapeForbidden(s.markup).length > MAX_MARKUP_CHARS) return `${s.lang}'s inline markup is over ${MAX_MARKUP_CHARS.toLocaleString('en')} characters`;
  }
  for (const text of [...notes, ...props.flatMap((p) => [p.type, p.value])]) {
    const length = escapeForbidden(text).length;
    if (length > MAX_SEGMENT_CHARS) return `a note or prop is ${length.toLocaleString('en')} characters as written, over the limit of ${limit}`;
  }
  return undefined;
}

/**
 * XML that an XML 1.0 parser, and our import, read back as it was written: a
 * carriage return as a reference (a parser turns a raw one into a line feed), and
 * what XML 1.0 or our import cannot take as a visible escape.
 */
function xml10(xml: string): string {
  return escapeForbidden(xml).replace(/\r/g, '&#13;');
}
