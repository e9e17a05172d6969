import { foldEquals, foldText, isWordUnit } from './fold.ts';
import type { Target } from './locale.ts';
import { stringOfUnits, unitsOf } from './utf16.ts';
import type { Hits, KeyCandidate } from './match/matcher.ts';
import type { GlossarySnapshot } from './snapshot.ts';

export interface CanonicalizeOptions {
  readonly target: Target;
  /** Leave Latin-script mentions (NVIDIA, Donald Trump) as written. */
  readonly keepLatin?: boolean;
  /** Also convert the text outside mentions to the target's script and phrases (opencc-js). */
  readonly convert?: boolean;
}

/** A span of the input that names an entity. Offsets are Unicode code points. */
export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly surface: string;
  readonly entityId: string;
  /** What the span became: '' when it was a gloss that only repeated the name. */
  readonly replacement: string;
}

/**
 * The rewritten text and its mentions. Mentions are built from the scan's arrays on
 * first access: a caller that only wants the text (the CLI without --json) never
 * pays for tens of thousands of objects.
 */
export class Canonicalized {
  private built?: readonly Mention[];

  constructor(
    readonly text: string,
    /** How many mentions there are, without building them. */
    readonly mentionCount: number,
    private readonly buildMentions: () => readonly Mention[],
  ) {}

  get mentions(): readonly Mention[] {
    this.built ??= this.buildMentions();
    return this.built;
  }

  toJSON(): { text: string; mentions: readonly Mention[] } {
    return { text: this.text, mentions: this.mentions };
  }

  /**
   * JSON.stringify(this), several times faster for an article: Node 20's stringify
   * takes ~0.3 µs per mention object, while names repeat, so each distinct string
   * here is quoted once and the rest is concatenation.
   */
  json(): string {
    return `{"text":${JSON.stringify(this.text)},"mentions":[${this.mentionsJson(0, this.mentions.length)}]}`;
  }

  /**
   * Mentions from..to-1 as JSON objects joined by commas, their offsets moved by shift
   * code points: an answer made of slices writes each slice's mentions a few at a time.
   * quoted remembers the strings already quoted (see json()).
   */
  mentionsJson(from: number, to: number, shift = 0, quoted = new Map<string, string>()): string {
    const mentions = this.mentions;
    let out = '';
    for (let i = from; i < to; i++) {
      const m = mentions[i]!;
      out += `${i === from ? '' : ','}{"start":${m.start + shift},"end":${m.end + shift},"surface":${quoteOnce(quoted, m.surface)},"entityId":${quoteOnce(quoted, m.entityId)},"replacement":${quoteOnce(quoted, m.replacement)}}`;
    }
    return out;
  }
}

/** JSON.stringify(s), remembered in quoted. */
function quoteOnce(quoted: Map<string, string>, s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    quoted.set(s, q);
  }
  return q;
}

const CONTEXT_WINDOW = 40;
const GLOSS_MAX = 120;
const CLOSERS = new Set(['》', '」', '』', '"', '”', '’', "'", '〉'].map((c) => c.charCodeAt(0)));
const SEPARATORS = new Set([',', '，', '、', ';', '；', '/'].map((c) => c.charCodeAt(0)));
const OPEN_PAREN = 0x28;
const OPEN_FULLWIDTH = 0xff08;

/** What canonicalize works on: the scan's hits, and per hit its candidate and replacement. */
interface Work {
  readonly text: string;
  readonly hits: Hits;
  /** Per hit, the KeyCandidate.index it was resolved to; -1 when context could not decide. */
  readonly chosen: Int32Array;
  readonly candidates: readonly KeyCandidate[];
  /** The target's name per candidate index (filled for every chosen candidate). */
  readonly names: readonly (string | undefined)[];
  /** Latin mentions are replaced by themselves (keepLatin). */
  readonly keepLatin: boolean;
  /** Per-hit replacements that differ from the candidate's name (a Latin gloss kept as written). */
  readonly overrides: Map<number, string>;
  /** 1 where overrides has the hit: a typed read per hit instead of a map lookup. */
  readonly overridden: Uint8Array;
  /** 1 where the hit is a gloss part dropped as a repeat. */
  readonly dropped: Uint8Array;
}

/** What hit i (chosen) becomes. */
function replacementAt(work: Work, i: number): string {
  if (work.overridden[i] === 1) return work.overrides.get(i)!;
  const c = work.chosen[i]!;
  if (work.keepLatin && work.candidates[c]!.latin) return work.text.slice(work.hits.starts[i], work.hits.ends[i]);
  return work.names[c]!;
}

/**
 * Rewrite every mention of a glossary entity into the target's preferred name.
 *
 * canonicalize(g, '辉达(NVIDIA)的H200芯片', { target: zh-CN })
 *   -> { text: '英伟达(NVIDIA)的H200芯片', mentions: [{ start: 0, end: 2, surface: '辉达', entityId: 'nvidia', replacement: '英伟达' }, ...] }
 */
export function canonicalize(glossary: GlossarySnapshot, text: string, options: CanonicalizeOptions): Canonicalized {
  const matcher = glossary.matcher;
  const hits = matcher.scan(text);
  const target = options.target;
  const names = glossary.targetNameTable(target);
  const candidates = matcher.byIndex;

  // One pass settles every hit whose key names one entity plainly; the rest wait for context.
  const chosen = new Int32Array(hits.length);
  const undecided: number[] = [];
  const plain = matcher.plainIndex;
  const keys = hits.keys;
  for (let i = 0; i < hits.length; i++) {
    const c = plain[keys[i]!]!;
    chosen[i] = c;
    if (c < 0) undecided.push(i);
    else if (names[c] === undefined) glossary.nameFor(candidates[c]!, target);
  }
  if (undecided.length > 0) {
    decideByContext(glossary, text, hits, chosen, undecided);
    for (const i of undecided) {
      const c = chosen[i]!;
      if (c >= 0 && names[c] === undefined) glossary.nameFor(candidates[c]!, target);
    }
  }
  const work: Work = { text, hits, chosen, candidates, names, keepLatin: options.keepLatin === true, overrides: new Map(), overridden: new Uint8Array(hits.length), dropped: new Uint8Array(hits.length) };
  const deletions = collapseGlosses(work, target.script === 'Latn');
  return rewrite(glossary, work, deletions, options);
}

/**
 * Settle hits whose name is ambiguous by the context words near them. A mention
 * decided by context is evidence for the same name elsewhere in the text, so go
 * round again until nothing changes: a second pass over the output then finds
 * nothing new to decide. Hits that nothing decides stay undefined.
 */
function decideByContext(glossary: GlossarySnapshot, text: string, hits: Hits, chosen: Int32Array, undecided: readonly number[]): void {
  const settled = new Uint8Array(glossary.matcher.entityCount);
  const entityOf = glossary.matcher.entityOfCandidate;
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen[i]!;
    if (c >= 0) settled[entityOf[c]!] = 1;
  }
  // Each mention's folded surroundings, folded once however many rounds it takes.
  const windows = undecided.map((i) => foldText(text.slice(Math.max(0, hits.starts[i]! - CONTEXT_WINDOW), Math.min(text.length, hits.ends[i]! + CONTEXT_WINDOW))));
  for (let round = 0; round < 4; round++) {
    let decided = false;
    for (let u = 0; u < undecided.length; u++) {
      const i = undecided[u]!;
      if (chosen[i]! >= 0) continue;
      const c = byContext(glossary.matcher.candidates(hits.keys[i]!), windows[u]!, settled);
      if (!c) continue;
      chosen[i] = c.index;
      decided = true;
      settled[c.entityIndex] = 1;
    }
    if (!decided) break;
  }
}

/**
 * Pick the candidate whose context words stand nearest the mention; an entity named
 * unambiguously elsewhere in the text counts as weaker evidence. With no evidence,
 * the candidate declared `default` wins, else none does.
 */
function byContext(candidates: readonly KeyCandidate[], window: string, settled: Uint8Array): KeyCandidate | undefined {
  let best: KeyCandidate | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    let score = settled[c.entityIndex] === 1 ? 0.5 : 0;
    for (const word of c.contextKeys) if (window.includes(word)) score += 1;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    } else if (score === bestScore && score > 0) {
      best = undefined; // a tie is no decision
    }
  }
  if (best) return best;
  if (bestScore > 0) return undefined;
  return candidates.find((c) => c.ambiguity?.default === true);
}

/**
 * A parenthetical right after a mention that names the same entity again, as in
 * 辉达(NVIDIA) or 特朗普(Donald Trump,川普), would repeat the canonical name once
 * rewritten. Latin glosses stay as written for Chinese targets; parts that would
 * repeat the replacement are dropped, and the parentheses too when nothing is left.
 * For English every part naming the same entity is a repeat. Returns the spans to
 * delete (UTF-16 offsets), in order.
 */
function collapseGlosses(work: Work, english: boolean): Array<[number, number]> {
  const { text, hits, chosen, candidates, dropped } = work;
  const deletions: Array<[number, number]> = [];
  // Visit parentheses, not hits: there are far fewer of them. Both come in order,
  // so the hit before each parenthesis is found by walking forward, not by searching.
  let h = 0;
  for (const open of parenthesisOffsets(text)) {
    let end = open;
    while (end > 0 && CLOSERS.has(text.charCodeAt(end - 1))) end--;
    while (h < hits.length && hits.ends[h]! < end) h++;
    const i = h < hits.length && hits.ends[h] === end ? h : -1;
    const main = i < 0 ? undefined : entityAt(work, i);
    if (!main || dropped[i]) continue;
    const close = findClose(text, open);
    if (close < 0) continue;
    const parts = splitParts(text, open + 1, close);
    const partHit = parts.map(([s, e]) => {
      for (let j = i + 1; j < hits.length && hits.starts[j]! < close; j++) {
        if (hits.starts[j] === s && hits.ends[j] === e && entityAt(work, j) === main) return j;
      }
      return -1;
    });
    const drop = partHit.map((j) => {
      if (j < 0) return false;
      if (english) return true;
      if (candidates[chosen[j]!]!.latin) {
        const asWritten = text.slice(hits.starts[j], hits.ends[j]);
        work.overrides.set(j, asWritten);
        work.overridden[j] = 1;
        return foldEquals(asWritten, replacementAt(work, i));
      }
      return replacementAt(work, j) === replacementAt(work, i);
    });
    if (!drop.includes(true)) continue;
    partHit.forEach((j, k) => {
      if (drop[k]) dropped[j] = 1;
    });
    if (drop.every(Boolean)) {
      deletions.push([open, close + 1]);
      continue;
    }
    // Remove each dropped part with the separator before it (after it, for the first).
    parts.forEach(([s, e], k) => {
      if (!drop[k]) return;
      if (k > 0) deletions.push([parts[k - 1]![1], e]);
      else deletions.push([s, parts[1]![0]]);
    });
  }
  return deletions.sort((a, b) => a[0] - b[0]);
}

/** The entity hit j was resolved to, if any. */
function entityAt(work: Work, j: number): string | undefined {
  const c = work.chosen[j]!;
  return c >= 0 ? work.candidates[c]!.entityId : undefined;
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

/** The trimmed parts of text[from, to) between separators, as [start, end) spans. */
function splitParts(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || SEPARATORS.has(text.charCodeAt(i))) {
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

function rewrite(glossary: GlossarySnapshot, work: Work, deletions: ReadonlyArray<[number, number]>, options: CanonicalizeOptions): Canonicalized {
  const { text, hits, chosen, candidates, dropped } = work;
  const edit = new Uint8Array(hits.length);
  const out = options.convert ? new RopeOutput(text, glossary.convert.textConverter(options.target)) : new UnitOutput(text);
  const pending = new PendingDeletions(deletions);
  let at = 0;
  let count = 0;
  const starts = hits.starts;
  const ends = hits.ends;
  for (let i = 0; i < hits.length; i++) {
    if (chosen[i]! < 0) continue;
    count++;
    if (dropped[i] === 1) continue;
    const start = starts[i]!;
    const r = replacementAt(work, i);
    // A mention already in the target's form (美国 for zh-CN) stays in the copied text.
    if (r.length === ends[i]! - start && sameAt(text, start, r)) continue;
    edit[i] = 1;
    at = pending.applyUpTo(start, at, out);
    if (start < at) continue; // inside a deleted span
    out.copy(at, start);
    out.replace(r);
    at = ends[i]!;
  }
  at = pending.applyUpTo(Infinity, at, out);
  out.copy(at, text.length);

  return new Canonicalized(out.toString(), count, () => {
    const cp = new CodePointCounter(text);
    // push, not new Array(count): V8 keeps a large preallocated array in slow mode.
    const mentions: Mention[] = [];
    for (let i = 0; i < hits.length; i++) {
      if (chosen[i]! < 0) continue;
      const entity = candidates[chosen[i]!]!;
      const start = hits.starts[i]!;
      const end = hits.ends[i]!;
      const replacement = dropped[i] ? '' : replacementAt(work, i);
      // An unedited mention's surface is its replacement: share the string.
      const surface = edit[i] === 0 && !dropped[i] ? replacement : text.slice(start, end);
      mentions.push({ start: cp.at(start), end: cp.at(end), surface, entityId: entity.entityId, replacement });
    }
    return mentions;
  });
}

/** The spans to delete (glosses, dropped parts), applied in order as the rewrite reaches them. */
class PendingDeletions {
  private next = 0;

  constructor(private readonly spans: ReadonlyArray<[number, number]>) {}

  /** Copy up to each span that begins at or before limit, and skip the span; returns where copying resumes. */
  applyUpTo(limit: number, at: number, out: Output): number {
    const spans = this.spans;
    while (this.next < spans.length && spans[this.next]![0] <= limit) {
      const [start, end] = spans[this.next++]!;
      if (start < at) continue;
      out.copy(at, start);
      at = end;
    }
    return at;
  }
}

/** text.startsWith(r, at), as a loop: names are a few units, and the builtin call costs more. */
function sameAt(text: string, at: number, r: string): boolean {
  for (let k = 0; k < r.length; k++) if (text.charCodeAt(at + k) !== r.charCodeAt(k)) return false;
  return true;
}

/**
 * Where rewritten text goes. A Latin replacement set between Chinese characters may
 * come to touch a Latin letter or digit (川普8日 -> Trump8日): a space keeps the two
 * words apart. The last unit is tracked rather than read back from the output.
 */
interface Output {
  /** Copy source[from, to) of the text being rewritten. */
  copy(from: number, to: number): void;
  replace(replacement: string): void;
  toString(): string;
}

/**
 * A rope of converted slices: V8 joins it once, when the string is first read.
 * Only for convert, where each piece between mentions is a new string anyway.
 */
class RopeOutput implements Output {
  private text = '';
  private lastUnit = 0;
  private endsInReplacedWord = false;

  /** convert: applied to the text between mentions (opencc-js). */
  constructor(
    private readonly source: string,
    private readonly convert: (text: string) => string,
  ) {}

  copy(from: number, to: number): void {
    if (to <= from) return;
    const piece = this.convert(this.source.slice(from, to));
    if (piece === '') return;
    if (this.endsInReplacedWord && isWordUnit(piece.charCodeAt(0))) this.text += ' ';
    this.append(piece, false);
  }

  replace(replacement: string): void {
    if (replacement === '') return;
    if (isWordUnit(this.lastUnit) && isWordUnit(replacement.charCodeAt(0))) this.text += ' ';
    this.append(replacement, true);
  }

  toString(): string {
    return this.text;
  }

  private append(piece: string, replaced: boolean): void {
    this.text += piece;
    this.lastUnit = piece.charCodeAt(piece.length - 1);
    this.endsInReplacedWord = replaced && isWordUnit(this.lastUnit);
  }
}

/** Below this many units, a piece is copied unit by unit: a native copy costs more to call. */
const SHORT_PIECE = 48;

const NO_UNITS: Uint16Array = new Uint16Array(0);
/**
 * Buffers kept from one rewrite for the next: rewrites run one at a time, and new
 * ones for every 5 MB text (10 MB) set off garbage collections in the middle of the
 * next. Up to 16 MB each; a longer text gets its own.
 */
const spare: { source: Uint16Array; units: Uint16Array } = { source: NO_UNITS, units: NO_UNITS };
const SPARE_UNITS = 8 * 1024 * 1024;

/**
 * The output as UTF-16 units in one buffer. The input is laid out as units once, so
 * the text between mentions, most of the output, is copied natively, a piece at a
 * time; the result is read back as a string in one copy (stringOfUnits).
 */
class UnitOutput implements Output {
  private readonly source: Uint16Array;
  private units: Uint16Array;
  private length = 0;
  private endsInReplacedWord = false;

  constructor(text: string) {
    const capacity = Math.max(16, text.length + (text.length >> 2));
    // Taken from the spares (and left empty meanwhile); given back by toString.
    this.source = unitsOf(text, spare.source.length >= text.length ? spare.source : undefined);
    this.units = spare.units.length >= capacity ? spare.units : new Uint16Array(capacity);
    spare.source = spare.units = NO_UNITS;
  }

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from + 1);
    const units = this.units;
    const source = this.source;
    let o = this.length;
    if (this.endsInReplacedWord && isWordUnit(source[from]!)) units[o++] = 0x20;
    if (to - from < SHORT_PIECE) for (let i = from; i < to; i++) units[o++] = source[i]!;
    else {
      units.set(source.subarray(from, to), o);
      o += to - from;
    }
    this.length = o;
    this.endsInReplacedWord = false;
  }

  replace(replacement: string): void {
    if (replacement === '') return;
    this.reserve(replacement.length + 1);
    const units = this.units;
    let o = this.length;
    if (o > 0 && isWordUnit(units[o - 1]!) && isWordUnit(replacement.charCodeAt(0))) units[o++] = 0x20;
    for (let i = 0; i < replacement.length; i++) units[o++] = replacement.charCodeAt(i);
    this.length = o;
    this.endsInReplacedWord = isWordUnit(replacement.charCodeAt(replacement.length - 1));
  }

  /** The output; the buffers go back to the spares, so call it once, last. */
  toString(): string {
    const text = stringOfUnits(this.units.subarray(0, this.length));
    if (this.source.length <= SPARE_UNITS) spare.source = this.source;
    if (this.units.length <= SPARE_UNITS) spare.units = this.units;
    return text;
  }

  private reserve(more: number): void {
    if (this.length + more <= this.units.length) return;
    const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + more));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }
}

/** UTF-16 offsets to code-point offsets, for offsets asked in ascending order. */
class CodePointCounter {
  private unit = 0;
  private point = 0;
  private readonly plain: boolean;

  constructor(private readonly text: string) {
    // Without surrogates, UTF-16 offsets are code-point offsets.
    this.plain = !/[\ud800-\udfff]/.test(text);
  }

  at(offset: number): number {
    if (this.plain) return offset;
    if (offset < this.unit) {
      this.unit = 0;
      this.point = 0;
    }
    for (; this.unit < offset; this.unit++) {
      const c = this.text.charCodeAt(this.unit);
      // The second half of a surrogate pair does not start a new code point.
      if (!(c >= 0xdc00 && c <= 0xdfff && this.unit > 0 && isHighSurrogate(this.text.charCodeAt(this.unit - 1)))) this.point++;
    }
    return this.point;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
