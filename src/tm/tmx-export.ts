import { escapeForbidden, forbiddenChar } from '../stored-text.ts';
import type { TmStore } from './tm-repository.ts';
import { escapeXml, serializeAttributes } from './tmx-reader.ts';

const PAGE = 1000;

export interface TmxExportStats {
  /** Units holding characters XML 1.0 cannot carry, stored before import refused them; written as visible escapes. */
  escaped: number;
}

/**
 * The whole memory as TMX 1.4b, a page of units at a time. Each unit keeps its
 * <tu> attributes, props and notes; each segment its inline markup, so importing
 * the export gives back the same units. A memory written before control characters
 * were refused may hold some that XML 1.0 cannot carry even as references; they are
 * written as visible escapes (\u001b), so the export still imports, and counted in stats.
 */
export async function* exportTmx(db: TmStore, options: { srclang?: string; stats?: TmxExportStats } = {}): AsyncGenerator<string> {
  const srclang = options.srclang ?? '*all*';
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n';
  yield `  <header creationtool="zh-entity-glossary" creationtoolversion="0.1.0" datatype="plaintext" segtype="sentence" adminlang="en" srclang="${escapeXml(srclang)}" o-tmf="zh-entity-glossary"/>\n  <body>\n`;
  let after = 0;
  for (;;) {
    const units = await db.selectFrom('tm_unit').select(['id', 'attrs']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (units.length === 0) break;
    const ids = units.map((u) => u.id);
    const segments = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'markup']).where('unit_id', 'in', ids).orderBy('unit_id').orderBy('lang').execute();
    const byUnit = new Map<number, { lang: string; markup: string }[]>();
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
      chunk += xml10(xml);
    }
    yield chunk;
    after = units[units.length - 1]!.id;
  }
  yield '  </body>\n</tmx>\n';
}

/**
 * XML that an XML 1.0 parser, and our import, read back as it was written: a
 * carriage return as a reference (a parser turns a raw one into a line feed), and
 * what XML 1.0 or our import cannot take as a visible escape.
 */
function xml10(xml: string): string {
  return escapeForbidden(xml).replace(/\r/g, '&#13;');
}
