import { decodeHTML } from 'entities';

/**
 * MediaWiki's language-conversion rules (the text inside -{ }-, as Chinese
 * Wikipedia's conversion groups hold them), read as MediaWiki's ConverterRule reads
 * them: `zh-cn:英伟达; zh-tw:輝達;` lists each variant's form of one concept
 * (bidirectional), `英偉達=>zh-tw:輝達;` turns one source form into one variant's
 * form (unidirectional). Pure: the importer (cgroup-import.ts) decides what a rule
 * becomes in the glossary.
 */

/** MediaWiki's Chinese variants, lower case as its rules write them. */
export const VARIANTS = ['zh', 'zh-hans', 'zh-hant', 'zh-cn', 'zh-tw', 'zh-hk', 'zh-sg', 'zh-my', 'zh-mo'] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * Where a variant a rule does not list takes its form from, in order: MediaWiki's
 * own table (LanguageZh's variant fallbacks). zh-hk takes zh-hant's form, else
 * zh-mo's, else zh-tw's; zh-sg takes zh-hans's, else zh-cn's, else zh-my's.
 */
export const FALLBACKS: Readonly<Record<Variant, readonly Variant[]>> = {
  zh: ['zh-hans', 'zh-hant', 'zh-cn', 'zh-tw', 'zh-hk', 'zh-sg', 'zh-mo', 'zh-my'],
  'zh-hans': ['zh-cn', 'zh-sg', 'zh-my'],
  'zh-hant': ['zh-tw', 'zh-hk', 'zh-mo'],
  'zh-cn': ['zh-hans', 'zh-sg', 'zh-my'],
  'zh-sg': ['zh-hans', 'zh-cn', 'zh-my'],
  'zh-my': ['zh-hans', 'zh-sg', 'zh-cn'],
  'zh-tw': ['zh-hant', 'zh-hk', 'zh-mo'],
  'zh-hk': ['zh-hant', 'zh-mo', 'zh-tw'],
  'zh-mo': ['zh-hant', 'zh-hk', 'zh-tw'],
};

/** BCP 47 spellings MediaWiki also accepts for its variant codes (compared in lower case). */
const BCP47: Readonly<Record<string, Variant>> = {
  'zh-hans-cn': 'zh-cn',
  'zh-hant-tw': 'zh-tw',
  'zh-hant-hk': 'zh-hk',
  'zh-hans-sg': 'zh-sg',
  'zh-hans-my': 'zh-my',
  'zh-hant-mo': 'zh-mo',
};

export interface ConversionRule {
  /** Each listed variant's form of one concept: any of them in text becomes the target variant's. */
  readonly bidirectional: ReadonlyMap<Variant, string>;
  /** Per variant, the source forms that become that variant's form, and what they become. */
  readonly unidirectional: ReadonlyMap<Variant, ReadonlyMap<string, string>>;
  /** What was mended to read it (a full-width semicolon before a variant, markup around a form), for the import's summary. */
  readonly repairs: readonly string[];
}

export type ParsedRule = { readonly ok: true; readonly rule: ConversionRule } | { readonly ok: false; readonly reason: string };

/** A variant code as a rule may write it (any case, or BCP 47), or undefined when it is none. */
export function variantOf(code: string): Variant | undefined {
  const lower = code.trim().toLowerCase();
  return (VARIANTS as readonly string[]).includes(lower) ? (lower as Variant) : BCP47[lower];
}

const CODES = [...VARIANTS, ...Object.keys(BCP47)].sort((a, b) => b.length - a.length).join('|');
/**
 * MediaWiki's separator: a semicolon only where a variant (`zh-tw:`) or a
 * unidirectional rule (`X=>zh-tw:`) follows, or at the end; a semicolon inside a
 * form (HTML entities aside) is part of it. A full-width semicolon in that place is
 * a typo real pages have (卡路士·韋拉；zh-hant:...): read as a separator, and reported.
 */
const SEPARATOR = new RegExp(`[;；]\\s*(?=(?:${CODES})\\s*:|[^;；]*?=>\\s*(?:${CODES})\\s*:|\\s*$)`, 'iu');
const ENTITY = /(&[#a-zA-Z0-9]+);/g;
/** What no name holds: a rule inside a form (精靈=>zh-cn:妖精), tags, templates, links, a parameter (1=...). */
const MARKUP = /=>|[<>{}|]|\[\[|\]\]|^\s*[\w-]+=/u;

/**
 * parseConversionRule('zh-cn:英伟达; zh-tw:輝達;') ->
 *   { ok: true, rule: { bidirectional: zh-cn 英伟达, zh-tw 輝達; unidirectional: none } }
 *
 * As MediaWiki does: a choice without a colon is passed by (stray semicolons, text
 * before the first variant), an unknown variant code makes the whole rule a syntax
 * error, an empty form is ignored. Beyond it, for text extracted from wiki pages: the rule ends at `}-` or
 * `}}` (what follows belongs to other markup), and <nowiki> tags are dropped.
 */
export function parseConversionRule(conv: string): ParsedRule {
  const repairs: string[] = [];
  let text = conv;
  const end = text.search(/\}-|\}\}/);
  if (end >= 0) {
    text = text.slice(0, end);
    repairs.push('markup after the rule dropped');
  }
  const parameters = text.search(/[;；]?\s*\|\s*[\w-]+\s*=/u);
  if (parameters >= 0) {
    text = text.slice(0, parameters);
    repairs.push('template parameters after the rule dropped');
  }
  if (text.includes('⇒')) {
    text = text.replaceAll('⇒', '=>');
    repairs.push('⇒ read as =>');
  }
  if (/<\/?nowiki\s*\/?>/i.test(text)) {
    text = text.replace(/<\/?nowiki\s*\/?>/gi, '');
    repairs.push('<nowiki> tags dropped');
  }
  if (/；\s*(?:zh[\w-]*\s*:|[^;；]*?=>)/iu.test(text)) repairs.push('full-width semicolon read as a separator');
  const bidirectional = new Map<Variant, string>();
  const unidirectional = new Map<Variant, Map<string, string>>();
  const protectedText = text.replace(ENTITY, '$1\u0001');
  // An entity's semicolon stays \u0001 until formText has trimmed the stray ones.
  for (const choice of protectedText.split(SEPARATOR)) {
    const colon = choice.indexOf(':');
    // Text before the first variant, or an empty tail: MediaWiki passes it by.
    if (colon < 0) continue;
    const head = choice.slice(0, colon);
    const to = formText(choice.slice(colon + 1), repairs);
    const arrow = head.indexOf('=>');
    const code = arrow < 0 ? head : head.slice(arrow + 2);
    const variant = variantOf(code);
    if (!variant) return { ok: false, reason: `unknown variant "${code.trim()}"` };
    const markup = [to, arrow < 0 ? '' : head.slice(0, arrow)].find((form) => MARKUP.test(form));
    if (markup !== undefined) return { ok: false, reason: `a form holds wiki markup or a misplaced rule: "${markup.trim()}"` };
    if (arrow < 0) {
      if (to !== '') bidirectional.set(variant, to);
      continue;
    }
    const from = formText(head.slice(0, arrow), repairs);
    if (from === '') continue;
    let table = unidirectional.get(variant);
    if (!table) unidirectional.set(variant, (table = new Map()));
    table.set(from, to);
  }
  if (bidirectional.size === 0 && unidirectional.size === 0) return { ok: false, reason: 'names no variant (a rule is zh-xx:form or from=>zh-xx:form)' };
  return { ok: true, rule: { bidirectional, unidirectional, repairs } };
}

/**
 * A form as text: HTML entities decoded (MediaWiki keeps their semicolons out of the
 * split, and a page shows them decoded), and semicolons left at its end by a
 * doubled separator (盧利;;zh-hk:...) dropped: no name ends with one.
 */
function formText(raw: string, repairs: string[]): string {
  let form = raw.trim();
  if (/[;；]$/.test(form)) {
    form = form.replace(/[\s;；]+$/u, '');
    if (!repairs.includes('stray semicolon dropped')) repairs.push('stray semicolon dropped');
  }
  form = form.replaceAll('\u0001', ';');
  return form.includes('&') ? decodeHTML(form) : form;
}

/**
 * The form a variant shows for a rule's bidirectional part: its own, else the
 * first of its fallbacks the rule lists (MediaWiki's getTextInBidtable); undefined
 * when none is listed.
 */
export function bidirectionalForm(rule: ConversionRule, variant: Variant): string | undefined {
  const own = rule.bidirectional.get(variant);
  if (own !== undefined) return own;
  for (const fallback of FALLBACKS[variant]) {
    const form = rule.bidirectional.get(fallback);
    if (form !== undefined) return form;
  }
  return undefined;
}
