import { readUnitTable, unitTableArtifact } from './binary-artifact.ts';
import { stringOfUnits } from './utf16.ts';
import { opencc } from './opencc.ts';

/**
 * Folding maps each UTF-16 code unit to one code unit, so a folded string has the
 * same length as its source and every offset in one is an offset in the other.
 * It unifies what should not distinguish two spellings of a name: traditional and
 * simplified characters, full-width and ASCII, letter case, and the many middle dots.
 *
 * foldText('黃仁勋 ＮＶＩＤＩＡ') -> '黄仁勋 nvidia'
 */
export type FoldTable = Uint16Array;

const MIDDLE_DOTS = '·‧•・･⋅∙‐';
const DASHES = '‐‑‒–—―－';
const SPACES = '\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000';
export const CANONICAL_DOT = '·';

function buildFoldTable(): FoldTable {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;

  // Traditional and regional variant characters to simplified, one by one: only
  // mappings that stay a single BMP code unit keep folding length-preserving.
  const toSimplified = [
    opencc().Converter({ from: 'hk', to: 'cn' }),
    opencc().Converter({ from: 'tw', to: 'cn' }),
    opencc().Converter({ from: 'jp', to: 'cn' }),
  ];
  const sources: string[] = [];
  for (const [lo, hi] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]] as const) {
    for (let c = lo; c <= hi; c++) sources.push(String.fromCharCode(c));
  }
  // One conversion per converter over newline-separated characters: phrase rules
  // never span a newline, so each line converts as a lone character.
  const joined = sources.join('\n');
  for (const convert of toSimplified) {
    const lines = convert(joined).split('\n');
    if (lines.length !== sources.length) continue;
    for (let i = 0; i < sources.length; i++) {
      const from = sources[i]!.charCodeAt(0);
      const to = lines[i]!;
      if (to.length === 1 && table[from] === from) table[from] = to.charCodeAt(0);
    }
  }

  // Full-width ASCII to ASCII, then case.
  for (let c = 0xff01; c <= 0xff5e; c++) table[c] = c - 0xfee0;
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(table[c]!);
    const lower = ch.toLowerCase();
    if (lower.length === 1 && lower !== ch && !(c >= 0xd800 && c <= 0xdfff)) table[c] = lower.charCodeAt(0);
  }
  for (const ch of MIDDLE_DOTS) table[ch.charCodeAt(0)] = CANONICAL_DOT.charCodeAt(0);
  for (const ch of DASHES) table[ch.charCodeAt(0)] = 0x2d;
  for (const ch of SPACES) table[ch.charCodeAt(0)] = 0x20;
  // A second pass settles chains such as Ａ -> A -> a.
  for (let c = 0; c < 0x10000; c++) table[c] = table[table[c]!]!;
  return table;
}

let shared: FoldTable | undefined;

/**
 * The process-wide fold table, never changed: read from fold-table.bin beside the
 * compiled code (npm run compile writes it into dist/), else built on first use
 * (about 100 ms: OpenCC's converters must be set up to build it).
 */
export function foldTable(): FoldTable {
  shared ??= readFoldTable(new URL('./fold-table.bin', import.meta.url)) ?? buildFoldTable();
  return shared;
}

const FOLD_ARTIFACT = 'fold-table-v1';

/** The table's bytes as fold-table.bin holds them (src/binary-artifact.ts's format). */
export function foldTableFile(): Buffer {
  return unitTableArtifact(FOLD_ARTIFACT, buildFoldTable());
}

/** The table in a fold-table.bin, or undefined when there is none or it is not whole: then it is built. */
export function readFoldTable(file: URL | string): FoldTable | undefined {
  return readUnitTable(file, FOLD_ARTIFACT, Uint16Array);
}

/** foldChar('輝'.charCodeAt(0)) -> '辉'.charCodeAt(0) */
export function foldChar(code: number): number {
  return foldTable()[code]!;
}

/**
 * foldText('Ｈ２００ 晶片') -> 'h200 晶片'; the result has the same length as the input.
 * For matching only: a lone surrogate comes back as U+FFFD.
 */
export function foldText(text: string): string {
  const table = foldTable();
  let i = 0;
  // Most text is already folded up to some point: find the first unit that changes.
  while (i < text.length && table[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
  if (i === text.length) return text;
  return text.length <= SHORT_TEXT ? foldShort(text, table) : foldLong(text, table);
}

/**
 * A short text (a mention's context window, a query: thousands per article), through
 * a reused buffer. Its own function: sharing a loop with long texts, whose loop V8
 * compiles on the stack mid-run, made short texts up to 3x slower afterwards.
 */
function foldShort(text: string, table: Uint16Array): string {
  const units = shortUnits.subarray(0, text.length);
  for (let j = 0; j < text.length; j++) units[j] = table[text.charCodeAt(j)]!;
  return stringOfUnits(units);
}

function foldLong(text: string, table: Uint16Array): string {
  const units = new Uint16Array(text.length);
  for (let j = 0; j < text.length; j++) units[j] = table[text.charCodeAt(j)]!;
  return stringOfUnits(units);
}

const SHORT_TEXT = 4096;
const shortUnits = new Uint16Array(SHORT_TEXT);

/** foldText(a) === foldText(b), without building either: foldEquals('ＮＶＩＤＩＡ', 'nvidia') -> true. */
export function foldEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const table = foldTable();
  for (let i = 0; i < a.length; i++) if (table[a.charCodeAt(i)] !== table[b.charCodeAt(i)]) return false;
  return true;
}

/**
 * Latin letters and digits, as [first, last] ranges of UTF-16 units: every Latin
 * block, so that a letter and its folded form are both word units or neither (Ɠ
 * folds to ɠ, ẞ to ß): the scan reads folded units, the rewrite the text's.
 */
const WORD_RANGES: readonly (readonly [number, number])[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0x2af], // Latin-1 letters to IPA extensions (but × and ÷, below)
  [0x1d00, 0x1dbf], // phonetic extensions
  [0x1e00, 0x1eff], // Latin extended additional (Vietnamese)
  [0x212a, 0x212b], // Kelvin and Ångström signs
  [0x2c60, 0x2c7f], // Latin extended-C
  [0xa720, 0xa7ff], // Latin extended-D
  [0xab30, 0xab6f], // Latin extended-E
  [0xff10, 0xff19],
  [0xff21, 0xff3a],
  [0xff41, 0xff5a],
];

/**
 * Per UTF-16 unit, 1 for a word unit (isWordUnit). Filled by ranges: asking a
 * function of each of the 65,536 units cost every process about 7 ms at start.
 */
export const WORD_UNITS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (const [first, last] of WORD_RANGES) table.fill(1, first, last + 1);
  table[0xd7] = 0;
  table[0xf7] = 0;
  return table;
})();

/** Is this UTF-16 unit a Latin letter or digit? A Latin name must not start or end inside a run of these. */
export function isWordUnit(code: number): boolean {
  return WORD_UNITS[code] === 1;
}

/** Does this text contain a Latin letter and no CJK ideograph? ('NVIDIA' yes, 'H200芯片' no) */
export function isLatinName(text: string): boolean {
  return /[A-Za-z\uff21-\uff3a\uff41-\uff5a]/.test(text) && !/[\u3400-\u9fff\uf900-\ufaff]/u.test(text);
}

/**
 * Is this an all-capitals name of up to four letters (US, AI, AMD, TSMC, U.S., H20)?
 * Such a name matches only where it is written in capitals: in lower case the same
 * letters are ordinary words ("let us know", "contact us", info@us.gov).
 * isShortCapitals('US') -> true; isShortCapitals('Nvidia') -> false; isShortCapitals('NVIDIA') -> false
 */
export function isShortCapitals(text: string): boolean {
  if (!isLatinName(text)) return false;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCapitalUnit(c)) letters++;
    else if (isWordUnit(c) && !isDigitUnit(c)) return false; // a lower-case or accented letter
    else if (c === 0x20) return false; // several words: case is the words' own business
  }
  return letters > 0 && letters <= SHORT_CAPITALS;
}

/**
 * Is this a Latin name written with a capital letter and no digit (Trump, Meta,
 * Azure, Xi Jinping, NVIDIA, iPhone)? Written all in lower case in English, the
 * same letters are ordinary words ("his trump card", "a meta-analysis", "the azure
 * sky"); in Chinese text (nvidia发布新芯片) they are still the name. A name with a
 * digit is a model or code (H200; h20 is the same chip), and case is free.
 * isCapitalizedWords('Trump') -> true; isCapitalizedWords('chip') -> false; isCapitalizedWords('H200') -> false
 */
export function isCapitalizedWords(text: string): boolean {
  if (!isLatinName(text)) return false;
  let capital = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigitUnit(c)) return false;
    if (isCapitalUnit(c)) capital = true;
  }
  return capital;
}

/** Letters in the longest all-capitals name that matches only in capitals. */
export const SHORT_CAPITALS = 4;

function isDigitUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/** Is the unit a capital letter (ASCII or full-width)? Lower-case units of the same letters fold to the same key. */
export function isCapitalUnit(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xff21 && c <= 0xff3a);
}

/** Is the unit a lower-case letter (ASCII, full-width or Latin-1/Extended-A)? */
export function isLowerUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xff41 && c <= 0xff5a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}
