import type { TmStore } from './tm-repository.ts';
import { escapeXml, serializeAttributes } from './tmx-reader.ts';

const PAGE = 1000;

/**
 * The whole memory as TMX 1.4b, a page of units at a time. Each unit keeps its
 * <tu> attributes, props and notes; each segment its inline markup, so importing
 * the export gives back the same units.
 */
export async function* exportTmx(db: TmStore, options: { srclang?: string } = {}): AsyncGenerator<string> {
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
      chunk += `    <tu${serializeAttributes(attrs)}>\n`;
      for (const note of notes) chunk += `      <note>${escapeXml(note)}</note>\n`;
      for (const prop of props) chunk += `      <prop type="${escapeXml(prop.type).replace(/"/g, '&quot;')}">${escapeXml(prop.value)}</prop>\n`;
      for (const s of byUnit.get(unit.id) ?? []) chunk += `      <tuv xml:lang="${s.lang}"><seg>${s.markup}</seg></tuv>\n`;
      chunk += '    </tu>\n';
    }
    yield chunk;
    after = units[units.length - 1]!.id;
  }
  yield '  </body>\n</tmx>\n';
}
