import { foldEquals, foldText, isWordUnit } from './fold.ts';
import type { Target } from './locale.ts';
import type { Hits, KeyCandidate } from './match/matcher.ts';
import { namesIn } from './match/non-names.ts';
import { RopeOutput, UnitOutput, type Output } from './rewrite-output.ts';
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
  private readonly built: Mention[] = [];
  /** Mentions handed out by nextMentionsJson so far. */
  private streamed = 0;

  constructor(
    readonly text: string,
    /** How many mentions there are, without building them. */
    readonly mentionCount: number,
    /** Push mentions onto built, in order, until it holds upTo of them. */
    private readonly buildMentions: (built: Mention[], upTo: number) => void,
  ) {}

  get mentions(): readonly Mention[] {
    return this.mentionsUpTo(this.mentionCount);
  }

  private mentionsUpTo(upTo: number): readonly Mention[] {
    if (this.streamed > 0) throw new Error('mentions were streamed with nextMentionsJson; they are not kept');
    if (this.built.length < upTo) this.buildMentions(this.built, upTo);
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

  /** Mentions from..to-1 as JSON objects joined by commas; quoted remembers the strings already quoted (see json()). */
  mentionsJson(from: number, to: number, quoted = new Map<string, string>()): string {
    return mentionsJsonOf(this.mentionsUpTo(to), from, to, quoted);
  }

  /**
   * The next count mentions as JSON, as mentionsJson, built for this call and let go:
   * a long answer written a few thousand mentions at a time, from the first, holds no
   * more of them at once (500,000 mention objects are ~60 MB). For such an answer
   * only: the mentions are not kept for any other read. Pass one quoted map throughout.
   */
  nextMentionsJson(count: number, quoted: Map<string, string>): string {
    if (this.built.length > 0) throw new Error('mentions were read already; use mentionsJson');
    const mentions: Mention[] = [];
    this.buildMentions(mentions, Math.min(count, this.mentionCount - this.streamed));
    this.streamed += mentions.length;
    return mentionsJsonOf(mentions, 0, mentions.length, quoted);
  }
}

function mentionsJsonOf(mentions: readonly Mention[], from: number, to: number, quoted: Map<string, string>): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const m = mentions[i]!;
    out += `${i === from ? '' : ','}{"start":${m.start},"end":${m.end},"surface":${quoteOnce(quoted, m.surface)},"entityId":${quoteOnce(quoted, m.entityId)},"replacement":${quoteOnce(quoted, m.replacement)}}`;
  }
  return out;
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
  const settling = new Settling(glossary, text, options);
  settling.decide(Infinity);
  const rewrite = settling.rewrite();
  rewrite.advance(text.length);
  return rewrite.result();
}

/**
 * canonicalize, a step at a time, for a text too long to do in one go without
 * keeping other work waiting. The first step scans the whole text; the next ones
 * decide its ambiguous mentions by context, contextStep at a time (context and
 * evidence reach across the whole text, as in canonicalize), then rewrite it about
 * stepUnits UTF-16 units at a time. The result is canonicalize's: a rewrite step
 * ends after a line break where it can (no name, gloss or phrase of the conversion
 * spans one), else after a sentence, and never inside a mention or a gloss. Only
 * convert can differ, at a step that ends mid-sentence, where a phrase of opencc's
 * could span the cut (a line of 16,000 units with no sentence end is not prose).
 *
 * const steps = canonicalizeInSteps(g, text, options, 16384, 2048);
 * let step = steps.next(); while (!step.done) step = steps.next(); // step.value: the result
 */
export function* canonicalizeInSteps(glossary: GlossarySnapshot, text: string, options: CanonicalizeOptions, stepUnits: number, contextStep: number): Generator<void, Canonicalized> {
  const settling = new Settling(glossary, text, options);
  while (!settling.decide(contextStep)) yield;
  const rewrite = settling.rewrite();
  while (rewrite.at < text.length) {
    yield;
    rewrite.advance(rewrite.cutNear(rewrite.at + stepUnits));
  }
  return rewrite.result();
}

/**
 * Which entity each hit of the scan names. A hit whose key names one entity plainly
 * is settled by the scan; the rest are decided by the context words near them
 * (decide), after which the rewrite can begin.
 */
class Settling {
  private readonly work: Work;
  private readonly undecided: number[] = [];
  private readonly context: ContextDecision | undefined;

  constructor(
    private readonly glossary: GlossarySnapshot,
    text: string,
    private readonly options: CanonicalizeOptions,
  ) {
    const matcher = glossary.matcher;
    const hits = namesIn(text, matcher.scan(text));
    const target = options.target;
    const names = glossary.targetNameTable(target);
    const candidates = matcher.byIndex;
    const chosen = new Int32Array(hits.length);
    const undecided = this.undecided;
    const plain = matcher.plainIndex;
    const keys = hits.keys;
    for (let i = 0; i < hits.length; i++) {
      const c = plain[keys[i]!]!;
      chosen[i] = c;
      if (c < 0) undecided.push(i);
      else if (names[c] === undefined) glossary.nameFor(candidates[c]!, target);
    }
    this.work = { text, hits, chosen, candidates, names, keepLatin: options.keepLatin === true, overrides: new Map(), overridden: new Uint8Array(hits.length), dropped: new Uint8Array(hits.length) };
    this.context = undecided.length > 0 ? new ContextDecision(glossary, text, hits, chosen, undecided) : undefined;
  }

  /** Decide up to budget more mentions by context; true when every one has been tried. */
  decide(budget: number): boolean {
    return this.context?.step(budget) ?? true;
  }

  /** Once decide() is done: the rewrite, with repeated glosses collapsed. */
  rewrite(): Rewrite {
    const { chosen, names, candidates } = this.work;
    const target = this.options.target;
    for (const i of this.undecided) {
      const c = chosen[i]!;
      if (c >= 0 && names[c] === undefined) this.glossary.nameFor(candidates[c]!, target);
    }
    const deletions = collapseGlosses(this.work, target.script === 'Latn');
    return new Rewrite(this.glossary, this.work, deletions, this.options);
  }
}

/**
 * Settle hits whose name is ambiguous by the context words near them. A mention
 * decided by context is evidence for the same name elsewhere in the text, so go
 * round again until nothing changes: a second pass over the output then finds
 * nothing new to decide. Hits that nothing decides stay undefined. Done in steps
 * of a number of mentions; the order of the decisions is the same either way.
 */
class ContextDecision {
  private readonly settled: Uint8Array;
  /** Each mention's folded surroundings, folded once however many rounds it takes. */
  private readonly windows: string[] = [];
  /** The whole text folded, where the windows would add up to more than the text. */
  private readonly folded: string | undefined;
  private round = 0;
  /** The next of undecided to try in this round. */
  private next = 0;
  private decidedThisRound = false;

  constructor(
    private readonly glossary: GlossarySnapshot,
    private readonly text: string,
    private readonly hits: Hits,
    private readonly chosen: Int32Array,
    private readonly undecided: readonly number[],
  ) {
    this.settled = new Uint8Array(glossary.matcher.entityCount);
    const entityOf = glossary.matcher.entityOfCandidate;
    for (let i = 0; i < chosen.length; i++) {
      const c = chosen[i]!;
      if (c >= 0) this.settled[entityOf[c]!] = 1;
    }
    // Folding maps each unit to one unit, so a slice of the folded text is the folded slice.
    this.folded = undecided.length * 2 * CONTEXT_WINDOW > text.length ? foldText(text) : undefined;
  }

  /** Try up to budget more mentions; true when the decision is complete. */
  step(budget: number): boolean {
    const { undecided, chosen, hits, settled } = this;
    const matcher = this.glossary.matcher;
    let tried = 0;
    while (this.round < 4) {
      for (; this.next < undecided.length; this.next++) {
        if (tried++ >= budget) return false;
        const i = undecided[this.next]!;
        if (chosen[i]! >= 0) continue;
        const c = byContext(matcher.candidates(hits.keys[i]!), (this.windows[this.next] ??= this.window(i)), settled);
        if (!c) continue;
        chosen[i] = c.index;
        this.decidedThisRound = true;
        settled[c.entityIndex] = 1;
      }
      if (!this.decidedThisRound) break;
      this.round++;
      this.next = 0;
      this.decidedThisRound = false;
    }
    this.round = 4;
    return true;
  }

  private window(i: number): string {
    const from = Math.max(0, this.hits.starts[i]! - CONTEXT_WINDOW);
    const to = Math.min(this.text.length, this.hits.ends[i]! + CONTEXT_WINDOW);
    return this.folded ? this.folded.slice(from, to) : foldText(this.text.slice(from, to));
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
 * A parenthetical after a mention that names the same entity again, as in
 * 辉达(NVIDIA) or 特朗普(Donald Trump,川普), would repeat the canonical name once
 * rewritten. Latin glosses stay as written for Chinese targets; parts that would
 * repeat the replacement are dropped, and the parentheses too when nothing is left.
 * For English every part naming the same entity is a repeat. The gloss belongs to
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
function collapseGlosses(work: Work, english: boolean): Array<[number, number]> {
  const { text, hits, dropped } = work;
  const deletions: Array<[number, number]> = [];
  // Visit parentheses, not hits: there are far fewer of them. Both come in order,
  // so the hits around each parenthesis are found by walking forward, not by searching.
  let h = 0;
  for (const open of parenthesisOffsets(text)) {
    let end = open;
    while (end > 0 && CLOSERS.has(text.charCodeAt(end - 1))) end--;
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
      deletions.push([open, close + 1]);
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

/** Whom a gloss belongs to: a mention (hit), or an entity named only in the gloss. */
type GlossAnchor = { readonly kind: 'mention'; readonly hit: number } | { readonly kind: 'unknown-form'; readonly entityId: string };

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
  if (first && end > 0 && isHan(text.codePointAt(isLowSurrogate(text.charCodeAt(end - 1)) && end > 1 ? end - 2 : end - 1)!)) return { kind: 'unknown-form', entityId: first };
  return undefined;
}

/** For a gloss of mention i: which parts repeat it (today's rule, see collapseGlosses). */
function repeatsOfMention(work: Work, i: number, partHit: readonly number[], english: boolean): boolean[] {
  const { text, hits, chosen, candidates } = work;
  const main = entityAt(work, i);
  return partHit.map((j) => {
    if (j < 0 || entityAt(work, j) !== main) return false;
    if (english) return true;
    if (candidates[chosen[j]!]!.latin) {
      const asWritten = text.slice(hits.starts[j], hits.ends[j]);
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
    if (candidates[chosen[j]!]!.latin) {
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

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
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

/**
 * The rewrite of one text, from start to end: advance() as far as it is asked, then
 * result(). Where a step ends (advance's until), no mention or deleted span may be
 * cut in two: cutNear finds such a place.
 */
class Rewrite {
  /** Where the output has copied the text up to. */
  at = 0;
  /** The next hit to rewrite. */
  private next = 0;
  private count = 0;
  private readonly edit: Uint8Array;
  private readonly out: Output;
  private readonly pending: PendingDeletions;

  constructor(
    glossary: GlossarySnapshot,
    private readonly work: Work,
    private readonly deletions: ReadonlyArray<[number, number]>,
    options: CanonicalizeOptions,
  ) {
    this.edit = new Uint8Array(work.hits.length);
    this.out = options.convert ? new RopeOutput(work.text, glossary.convert.textConverter(options.target)) : new UnitOutput(work.text);
    this.pending = new PendingDeletions(deletions);
  }

  /** Rewrite the text up to until (the text's length, or a place from cutNear). */
  advance(until: number): void {
    const { text, hits, chosen, dropped } = this.work;
    const { edit, out, pending } = this;
    const starts = hits.starts;
    const ends = hits.ends;
    let at = this.at;
    let count = this.count;
    let i = this.next;
    for (; i < hits.length && starts[i]! < until; i++) {
      if (chosen[i]! < 0) continue;
      count++;
      if (dropped[i] === 1) continue;
      const start = starts[i]!;
      const r = replacementAt(this.work, i);
      // A mention already in the target's form (美国 for zh-CN) stays in the copied text.
      if (r.length === ends[i]! - start && sameAt(text, start, r)) continue;
      edit[i] = 1;
      at = pending.applyUpTo(start, at, out);
      if (start < at) continue; // inside a deleted span
      out.copy(at, start);
      out.replace(r);
      at = ends[i]!;
    }
    if (until >= text.length) {
      at = pending.applyUpTo(Infinity, at, out);
      out.copy(at, text.length);
      at = text.length;
    } else {
      at = pending.applyUpTo(until - 1, at, out);
      if (at < until) {
        out.copy(at, until);
        at = until;
      }
    }
    this.at = at;
    this.count = count;
    this.next = i;
  }

  /**
   * A place at or after this.at to end a step near limit: after the last line break
   * before limit, else after the last sentence end, else limit itself (outside a
   * surrogate pair); then moved past any mention or deleted span it would cut.
   */
  cutNear(limit: number): number {
    const text = this.work.text;
    if (limit >= text.length) return text.length;
    let cut = lastAfter(text, this.at, limit, LINE_END);
    if (cut <= this.at) cut = lastAfter(text, this.at, limit, SENTENCE_END);
    if (cut <= this.at) cut = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit + 1 : limit;
    const { starts, ends, length } = this.work.hits;
    for (let moved = true; moved; ) {
      moved = false;
      for (let i = this.next; i < length && starts[i]! < cut; i++) {
        if (ends[i]! > cut) {
          cut = ends[i]!;
          moved = true;
        }
      }
      for (let d = this.pending.next; d < this.deletions.length && this.deletions[d]![0] < cut; d++) {
        if (this.deletions[d]![1] > cut) {
          cut = this.deletions[d]![1];
          moved = true;
        }
      }
    }
    return Math.min(cut, text.length);
  }

  result(): Canonicalized {
    const { text, hits, chosen, candidates, dropped } = this.work;
    const edit = this.edit;
    const work = this.work;
    const cp = new CodePointCounter(text);
    let i = 0;
    return new Canonicalized(this.out.toString(), this.count, (mentions, upTo) => {
      for (; i < hits.length && mentions.length < upTo; i++) {
        if (chosen[i]! < 0) continue;
        const entity = candidates[chosen[i]!]!;
        const start = hits.starts[i]!;
        const end = hits.ends[i]!;
        const replacement = dropped[i] ? '' : replacementAt(work, i);
        // An unedited mention's surface is its replacement: share the string.
        const surface = edit[i] === 0 && !dropped[i] ? replacement : text.slice(start, end);
        mentions.push({ start: cp.at(start), end: cp.at(end), surface, entityId: entity.entityId, replacement });
      }
    });
  }
}

const LINE_END = (c: number): boolean => c === 0x0a;
const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?'].map((c) => c.charCodeAt(0)));
const SENTENCE_END = (c: number): boolean => SENTENCE_ENDS.has(c);

/** The offset just after the last unit in text[from, limit) that ends, or -1. */
function lastAfter(text: string, from: number, limit: number, ends: (c: number) => boolean): number {
  for (let i = limit - 1; i >= from; i--) if (ends(text.charCodeAt(i))) return i + 1;
  return -1;
}

/** The spans to delete (glosses, dropped parts), applied in order as the rewrite reaches them. */
class PendingDeletions {
  /** The first span not applied yet. */
  next = 0;

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
