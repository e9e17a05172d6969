import { pinyin } from '../pinyin.ts';
import { foldText, isLatinName } from '../fold.ts';
import { REGIONS, type NameLocale, type Region, type ScriptConverters } from '../locale.ts';
import type { AmbiguousName, Entry } from './entry.ts';

/** How a name belongs to its entity; earlier types win when one text has several. */
export const NAME_TYPES = ['name', 'full', 'short', 'alias', 'deprecated', 'variant'] as const;
export type NameType = (typeof NAME_TYPES)[number];
/**
 * Which form of a name a mention uses: it keeps that form when rewritten. A text in
 * `short` (any region) is 'short', else one in `full` is 'full', else 'preferred';
 * a spelling variant takes the form of the name it spells.
 */
export type NameForm = 'preferred' | 'full' | 'short';

export interface NameRow {
  readonly text: string;
  /** foldText(text): what the matcher and the lookup compare. */
  readonly key: string;
  readonly type: NameType;
  readonly locale: NameLocale | null;
  readonly form: NameForm;
  readonly latin: boolean;
  /** Set when the name needs context to decide (declared in `ambiguous`). */
  readonly ambiguity: AmbiguousName | null;
  /** The regions whose media also write this name (declared in `admitted`): it stays as written for their targets. */
  readonly admitted: readonly Region[];
}

export interface PinyinRow {
  readonly text: string;
  /** 'hui da' */
  readonly syllables: string;
  /** 'huida' */
  readonly key: string;
  /** 'hd' */
  readonly initials: string;
}

export interface ExpandedEntry {
  readonly names: readonly NameRow[];
  readonly pinyin: readonly PinyinRow[];
}

const HAN = /^[\u3400-\u9fff\uf900-\ufaff·]+$/u;

/**
 * Every spelling under which an entry can be written: its names as given, plus
 * simplified and traditional spellings (opencc-js) and, for transliterated names
 * with a middle dot, the dotless spelling. Pinyin for each Han name (pinyin-pro).
 */
export function expandEntry(entry: Entry, convert: ScriptConverters): ExpandedEntry {
  const fullKeys = keysOf(entry.full);
  const shortKeys = keysOf(entry.short);
  const ambiguity = new Map(entry.ambiguous.map((a) => [foldText(a.name), a]));
  const admitted = admittedByKey(entry);
  const rows = new Map<string, NameRow>();
  const add = (text: string, type: NameType, locale: NameLocale | null, inherited?: NameForm): void => {
    const clean = text.normalize('NFC').trim();
    if (clean === '') return;
    const key = foldText(clean);
    // A text that is both a full and a short form (a region's full form written as
    // another's short one) reads as short: the shorter reading never adds a given name
    // the author left out. validateGlossary refuses such data; this is the safe reading.
    const form: NameForm = inherited ?? (shortKeys.has(key) ? 'short' : fullKeys.has(key) ? 'full' : 'preferred');
    const existing = rows.get(clean);
    if (existing) {
      // A spelling variant of a short name that is also a full name's text: short again.
      if (form === 'short' && existing.form === 'full') rows.set(clean, { ...existing, form });
      return;
    }
    rows.set(clean, { text: clean, key, type, locale, form, latin: isLatinName(clean), ambiguity: ambiguity.get(key) ?? null, admitted: admitted.get(key) ?? [] });
  };

  for (const [type, map] of [['name', entry.names], ['full', entry.full], ['short', entry.short]] as const) {
    for (const [locale, text] of Object.entries(map ?? {})) add(text, type, locale as NameLocale);
  }
  for (const alias of entry.aliases) add(alias, 'alias', null);
  for (const a of entry.ambiguous) add(a.name, 'alias', null);
  for (const old of entry.deprecated) add(old, 'deprecated', null);

  for (const row of [...rows.values()]) {
    if (row.latin) continue;
    for (const variant of scriptVariants(row.text, convert)) add(variant, 'variant', null, row.form);
    if (/[·‧•・･]/.test(row.text)) add(row.text.replace(/[·‧•・･]/g, ''), 'variant', null, row.form);
  }

  const names = [...rows.values()].map((row) =>
    // A deprecated spelling is never also "preferred": its variants stay deprecated.
    row.type === 'variant' && deprecatedKeys(entry).has(row.key) ? { ...row, type: 'deprecated' as const } : row,
  );
  // Pinyin only when asked for: the lookup index needs it, a topic's matcher (GlossarySnapshot.withTopics) does not.
  let pinyin: PinyinRow[] | undefined;
  return {
    names,
    get pinyin() {
      return (pinyin ??= pinyinRows(names, entry.kind === 'person'));
    },
  };
}

/** Per folded key, the regions that admit it, in REGIONS order. */
function admittedByKey(entry: Entry): Map<string, Region[]> {
  const out = new Map<string, Region[]>();
  for (const region of REGIONS) {
    for (const form of entry.admitted?.[region] ?? []) {
      const key = foldText(form.normalize('NFC').trim());
      const regions = out.get(key) ?? [];
      if (!regions.includes(region)) regions.push(region);
      out.set(key, regions);
    }
  }
  return out;
}

function scriptVariants(text: string, convert: ScriptConverters): string[] {
  const simplified = convert.toHans(text);
  return [simplified, convert.toHantTW(simplified), convert.toHantHK(simplified)];
}

function keysOf(map: Partial<Record<NameLocale, string>> | undefined): Set<string> {
  return new Set(Object.values(map ?? {}).map((t) => foldText(t.normalize('NFC').trim())));
}

function deprecatedKeys(entry: Entry): Set<string> {
  return new Set(entry.deprecated.map((t) => foldText(t.trim())));
}

function pinyinRows(names: readonly NameRow[], person: boolean): PinyinRow[] {
  const out = new Map<string, PinyinRow>();
  for (const row of names) {
    if (!HAN.test(row.text) || row.type === 'deprecated') continue;
    const syllables = hanToPinyin(row.text, person);
    // Keyboards type ü as v (lv for 吕), so the lookup key does too.
    const key = syllables.join('').replace(/ü/g, 'v');
    if (key === '' || out.has(key)) continue;
    out.set(key, { text: row.text, syllables: syllables.join(' '), key, initials: syllables.map((s) => s[0]).join('') });
  }
  return [...out.values()];
}

/** hanToPinyin('单田芳', true) -> ['shan', 'tian', 'fang'] (surname readings for people) */
export function hanToPinyin(text: string, person: boolean): string[] {
  const han = text.replace(/[·‧•・･]/g, '');
  const options = { toneType: 'none', type: 'array', nonZh: 'removed' } as const;
  const syllables = person ? pinyin(han, { ...options, surname: 'head' }) : pinyin(han, options);
  return syllables.map((s) => s.toLowerCase()).filter((s) => /^[a-zü]+$/.test(s));
}

const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '澹台', '南宫', '西门']);

/**
 * An English rendering for a person with no English name: family name first, given
 * name as one word, as Xinhua and most English media write mainland names.
 * romanizePerson('习近平', convert) -> 'Xi Jinping'; romanizePerson('唐纳德·特朗普') -> 'Tangnade Telangpu'
 */
export function romanizePerson(name: string, convert: ScriptConverters): string {
  const simplified = convert.toHans(name);
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  if (/[·‧•・･]/.test(simplified)) {
    return simplified
      .split(/[·‧•・･]/)
      .map((part) => cap(hanToPinyin(part, false).join('')))
      .join(' ');
  }
  const syllables = hanToPinyin(simplified, true);
  const familyLength = COMPOUND_SURNAMES.has(simplified.slice(0, 2)) ? 2 : 1;
  const family = cap(syllables.slice(0, familyLength).join(''));
  const given = cap(syllables.slice(familyLength).join(''));
  return given ? `${family} ${given}` : family;
}
