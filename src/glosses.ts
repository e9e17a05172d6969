import { replacementAt, type Work } from './canonicalize-work.ts';
import { foldEquals } from './fold.ts';
import { isLowSurrogate } from './utf16.ts';

/*
 * Glosses: a parenthesis after a mention that names the same entity again
 * (辉达(NVIDIA,英伟达)), collapsed so the canonical name is not written twice; parts
 * that talk about the name (又譯川普) kept as written. canonicalize calls
 * collapseGlosses once the mentions are settled, and deletes the spans it returns.
 */

const GLOSS_MAX = 120;
const CLOSERS = new Set(['》', '」', '』', '"', '”', '’', "'", '〉'].map((c) => c.charCodeAt(0)));
const SEPARATORS = new Set([',', '，', '、', ';', '；', '/'].map((c) => c.charCodeAt(0)));
const OPEN_PAREN = 0x28;
const OPEN_FULLWIDTH = 0xff08;

/**
 * A parenthetical after a mention that names the same entity again, as in
 * 辉达(NVIDIA) or 特朗普(Donald Trump,川普), would repeat the canonical name once
 * rewritten. Latin glosses stay as written for Chinese targets; parts that would
 * repeat the replacement are dropped, and the parentheses too when nothing is left.
 * For English every part naming the same entity is a repeat, but an abbreviation
 * other than the English name (high-performance computing (HPC)). The gloss belongs to
 * (glossAnchor):
 * - the mention right before it, or one that ends up to SUFFIX_MAX Han characters
 *   before it when a part names the same entity: 奥巴马政府(Barack Obama,欧巴马)
 *   collapses as 奥巴马(Barack Obama,欧巴马) does, to 奥巴马政府(Barack Obama);
 * - else, when the text before it is Han that names nothing (a form the glossary
 *   lacks), the entity its first name part names: the canonical name is not written
 *   beside that form twice. 杜林普(Donald Trump，川普) becomes 杜林普(Donald Trump，特朗普)
 *   for zh-CN (the Latin part as written, later Chinese parts with the same name
 *   dropped), 杜林普(Donald Trump) for en; without this it was
 *   杜林普(唐纳德·特朗普，特朗普).
 * A part that talks about the name (又譯川普, 简称商务部: metalinguisticMarkerAt) is
 * kept as written whatever the anchor, its mentions replaced by themselves.
 * Returns the spans to delete (UTF-16 offsets), in order.
 */
export function collapseGlosses(work: Work, english: boolean): Array<[number, number]> {
  const { text, hits, dropped } = work;
  const deletions: Array<[number, number]> = [];
  // Visit parentheses, not hits: there are far fewer of them. Both come in order,
  // so the hits around each parenthesis are found by walking forward, not by searching.
  let h = 0;
  for (const open of parenthesisOffsets(text)) {
    const { gloss, end } = glossStart(text, open);
    while (h < hits.length && hits.ends[h]! <= end) h++;
    const close = findClose(text, open);
    if (close < 0) continue;
    // Hits h.. that start before close lie in the gloss (hits do not overlap).
    const parts = splitParts(text, open + 1, close).filter(([s, e]) => s < e);
    if (parts.length === 0) continue;
    const partHit = parts.map(([s, e]) => {
      if (metalinguisticMarkerAt(text, s)) {
        keepAsWritten(work, h, s, e);
        return -1;
      }
      return hitSpanning(work, h, s, e);
    });
    const anchor = glossAnchor(work, h - 1, end, partHit);
    if (!anchor) continue;
    const drop = anchor.kind === 'mention' ? repeatsOfMention(work, anchor.hit, partHit, english) : repeatsOfFirst(work, anchor.entityId, partHit, english);
    if (!drop.includes(true)) continue;
    partHit.forEach((j, k) => {
      if (drop[k]) dropped[j] = 1;
    });
    if (drop.every(Boolean)) {
      deletions.push([gloss, close + 1]);
      continue;
    }
    // Remove each dropped part with the separator before it, or after it while no
    // part before it is kept; the spans then never overlap.
    let keptBefore = false;
    parts.forEach(([s, e], k) => {
      if (!drop[k]) keptBefore = true;
      else if (keptBefore) deletions.push([parts[k - 1]![1], e]);
      else deletions.push([s, parts[k + 1]![0]]);
    });
  }
  return deletions.sort((a, b) => a[0] - b[0]);
}

/** Spaces that may stand between Chinese text and its gloss, as where it is written with Latin punctuation: 台積電 (TSMC). */
const GLOSS_SPACES_MAX = 2;

/**
 * Where the gloss opening at open starts (gloss: the spaces before it, if any, go
 * with it when it is deleted) and where what it glosses ends (end: before them, and
 * before the closers of a title or a quote, 《台積電》（TSMC）). Spaces count only
 * after Chinese text: in English, "Nvidia (NVDA)" is the author's parenthesis.
 */
function glossStart(text: string, open: number): { gloss: number; end: number } {
  let gloss = open;
  while (gloss > 0 && open - gloss < GLOSS_SPACES_MAX && isInlineSpace(text.charCodeAt(gloss - 1))) gloss--;
  const end = beforeClosers(text, gloss);
  return gloss < open && !hanBefore(text, end) ? { gloss: open, end: beforeClosers(text, open) } : { gloss, end };
}

/** at, moved back over the closers of a title or a quote that end there. */
function beforeClosers(text: string, at: number): number {
  while (at > 0 && CLOSERS.has(text.charCodeAt(at - 1))) at--;
  return at;
}

/** Is the code point that ends at at Han? */
function hanBefore(text: string, at: number): boolean {
  return at > 0 && isHan(text.codePointAt(isLowSurrogate(text.charCodeAt(at - 1)) && at > 1 ? at - 2 : at - 1)!);
}

function isInlineSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0;
}

/** Whom a gloss belongs to: a mention (hit), or an entity named only in the gloss. */
type GlossAnchor = { readonly kind: 'mention'; readonly hit: number } | { readonly kind: 'unknown-form'; readonly entityId: string };

/** Capitals and digits, two to six, starting with a capital: HPC, NDRC, 5G is not one. */
const ABBREVIATION = /^[A-Z][A-Z0-9]{1,5}$/;

/** Up to this many Han characters (code points) may stand between a mention and its gloss: 政府, 公司, 集团, 執政團隊. */
const SUFFIX_MAX = 4;

/** The anchor of a gloss that opens after end (closers skipped); before is the last hit that ends at or before end. */
function glossAnchor(work: Work, before: number, end: number, partHit: readonly number[]): GlossAnchor | undefined {
  const { text, hits, dropped } = work;
  const named = partHit.filter((j) => j >= 0).map((j) => entityAt(work, j));
  if (before >= 0 && hits.ends[before] === end) {
    // Right after a mention: it is the anchor, or (undecided, or itself a dropped part) nothing is.
    const main = entityAt(work, before);
    return main && !dropped[before] ? { kind: 'mention', hit: before } : undefined;
  }
  const from = before >= 0 ? hits.ends[before]! : -1;
  const main = before >= 0 ? entityAt(work, before) : undefined;
  if (main && !dropped[before] && named.includes(main) && hanRunLength(text, from, end, SUFFIX_MAX) > 0) return { kind: 'mention', hit: before };
  const first = named.find((id) => id !== undefined);
  if (first && hanBefore(text, end)) return { kind: 'unknown-form', entityId: first };
  return undefined;
}

/** For a gloss of mention i: which parts repeat it (today's rule, see collapseGlosses). */
function repeatsOfMention(work: Work, i: number, partHit: readonly number[], english: boolean): boolean[] {
  const { text, hits, chosen, candidates } = work;
  const main = entityAt(work, i);
  return partHit.map((j) => {
    if (j < 0 || entityAt(work, j) !== main) return false;
    const asWritten = text.slice(hits.starts[j], hits.ends[j]);
    if (english) {
      // An abbreviation beside the name spelled out is English too: 高效能運算 (HPC) is
      // high-performance computing (HPC); 台積電（TSMC） is TSMC, not TSMC (TSMC).
      if (!ABBREVIATION.test(asWritten) || foldEquals(asWritten, replacementAt(work, i))) return true;
      override(work, j, asWritten);
      return false;
    }
    if (candidates.candidate(chosen[j]!).latin) {
      override(work, j, asWritten);
      return foldEquals(asWritten, replacementAt(work, i));
    }
    return replacementAt(work, j) === replacementAt(work, i);
  });
}

/**
 * For a gloss of a form the glossary lacks, naming entityId: the first part naming
 * it stays (as written when Latin and the target Chinese); for English the rest are
 * repeats, for Chinese a Chinese part that repeats an earlier one's replacement.
 */
function repeatsOfFirst(work: Work, entityId: string, partHit: readonly number[], english: boolean): boolean[] {
  const { text, hits, chosen, candidates } = work;
  const written: string[] = [];
  return partHit.map((j) => {
    if (j < 0 || entityAt(work, j) !== entityId) return false;
    if (english) {
      written.push('');
      return written.length > 1;
    }
    if (candidates.candidate(chosen[j]!).latin) {
      override(work, j, text.slice(hits.starts[j], hits.ends[j]));
      return false;
    }
    const r = replacementAt(work, j);
    if (written.includes(r)) return true;
    written.push(r);
    return false;
  });
}

function override(work: Work, j: number, replacement: string): void {
  work.overrides.set(j, replacement);
  work.overridden[j] = 1;
}

/** The hit (from from on) whose span is exactly [s, e) and names an entity, or -1. */
function hitSpanning(work: Work, from: number, s: number, e: number): number {
  const { hits } = work;
  for (let j = from; j < hits.length && hits.starts[j]! <= s; j++) {
    if (hits.starts[j] === s && hits.ends[j] === e) return entityAt(work, j) ? j : -1;
  }
  return -1;
}

/** Every mention (from from on) inside [s, e) is replaced by itself. */
function keepAsWritten(work: Work, from: number, s: number, e: number): void {
  const { hits, text } = work;
  for (let j = from; j < hits.length && hits.starts[j]! < e; j++) {
    if (hits.starts[j]! >= s && hits.ends[j]! <= e && entityAt(work, j)) override(work, j, text.slice(hits.starts[j], hits.ends[j]));
  }
}

/**
 * Words that introduce a part talking about a name rather than naming: 又譯川普 cites
 * a variant, 简称商务部 a short form, 原名 a former name. The part stays as written.
 */
const METALINGUISTIC_MARKERS = new Set([
  '又译', '又譯', '又称', '又稱', '又名', '又作', '或译', '或譯', '或称', '或稱', '亦作', '亦称', '亦稱', '亦译', '亦譯', '一译', '一譯',
  '简称', '簡稱', '原名', '原称', '原稱', '旧译', '舊譯', '旧称', '舊稱', '前称', '前稱', '俗称', '俗稱', '通称', '通稱', '通译', '通譯',
  '全称', '全稱', '别名', '別名', '台译', '台譯', '港译', '港譯', '陆译', '陸譯', '大陆译', '大陸譯', '台湾译', '台灣譯', '香港译', '香港譯',
]);

/** Whether text at s begins with one of METALINGUISTIC_MARKERS. */
function metalinguisticMarkerAt(text: string, s: number): boolean {
  return METALINGUISTIC_MARKERS.has(text.slice(s, s + 2)) || METALINGUISTIC_MARKERS.has(text.slice(s, s + 3));
}

/**
 * How many code points text[from, to) holds when all of them are Han and there are
 * 1 to max of them; else 0.
 */
function hanRunLength(text: string, from: number, to: number, max: number): number {
  if (from < 0 || from >= to) return 0;
  let n = 0;
  for (let k = from; k < to; ) {
    const c = text.codePointAt(k)!;
    if (!isHan(c) || ++n > max) return 0;
    k += c > 0xffff ? 2 : 1;
  }
  return n;
}

/** CJK ideographs: the unified blocks, their extensions and the compatibility block. */
function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
}

/** The entity hit j was resolved to, if any. */
function entityAt(work: Work, j: number): string | undefined {
  const c = work.chosen[j]!;
  return c >= 0 ? work.candidates.candidate(c).entityId : undefined;
}

/** Offsets of every ( and （ in text, in order: two indexOf runs, merged. */
function parenthesisOffsets(text: string): number[] {
  const offsets: number[] = [];
  let ascii = text.indexOf('(');
  let wide = text.indexOf('（');
  while (ascii >= 0 || wide >= 0) {
    if (wide < 0 || (ascii >= 0 && ascii < wide)) {
      offsets.push(ascii);
      ascii = text.indexOf('(', ascii + 1);
    } else {
      offsets.push(wide);
      wide = text.indexOf('（', wide + 1);
    }
  }
  return offsets;
}

function findClose(text: string, open: number): number {
  const limit = Math.min(text.length, open + GLOSS_MAX);
  for (let i = open + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x29 || c === 0xff09) return i; // ) ）
    if (c === OPEN_PAREN || c === OPEN_FULLWIDTH || c === 0x0a) return -1;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000;
}

/**
 * The trimmed parts of text[from, to) between separators, as [start, end) spans. A
 * space before a part that talks about the name separates too: (Friedrich Merz
 * 又譯“默茨”) is the name and a variant.
 */
function splitParts(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || SEPARATORS.has(text.charCodeAt(i)) || (isSpace(text.charCodeAt(i)) && metalinguisticMarkerAt(text, i + 1))) {
      let a = s;
      let b = i;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      parts.push([a, b]);
      s = i + 1;
    }
  }
  return parts;
}
