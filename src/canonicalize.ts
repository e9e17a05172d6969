import { foldText, isWordUnit } from './fold.ts';
import { admittingRegion, type Target } from './locale.ts';
import { regionBit, regionMask } from './region.ts';
import { firstHitFrom, type Hits, type KeyCandidate } from './match/matcher.ts';
import { markEnglishRuns } from './english-runs.ts';
import { collapseGlosses } from './glosses.ts';
import { RopeOutput, UnitOutput, type Output } from './rewrite-output.ts';
import { replacementAt, type Work } from './canonicalize-work.ts';
import type { GlossarySnapshot } from './snapshot.ts';
import { isHighSurrogate, isLowSurrogate } from './utf16.ts';
import { datelineCities } from './dateline.ts';

export interface CanonicalizeOptions {
  readonly target: Target;
  /** Leave Latin-script mentions (NVIDIA, Donald Trump) as written. */
  readonly keepLatin?: boolean;
  /**
   * Also convert the text between names to the target's script and phrases (OpenCC's
   * configurations, compiled: convert/phrase-automaton.ts).
   * A mention is exactly its replacement, converted no further; an undecided name
   * keeps its wording and takes the target's script only.
   */
  readonly convert?: boolean;
  /**
   * Spell out the forms the target's region admits as written (an entity's `admitted`):
   * AI晶片 becomes 人工智能芯片 for zh-CN instead of AI芯片.
   */
  readonly spellOut?: boolean;
}

/** A span of the input that names an entity. Offsets are Unicode code points. */
export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly surface: string;
  readonly entityId: string;
  /** What the span became: '' when it was a gloss that only repeated the name. */
  readonly replacement: string;
  /**
   * How the entity and the replacement were decided: 'plain', the name names one
   * entity; 'context', one of the entities a name may mean, chosen by the words and
   * names around it or the text's region; 'gloss', a name in a gloss after another
   * mention (X(Y)), kept as written or dropped as a repeat of it.
   */
  readonly decided: Decided;
}

export type Decided = 'plain' | 'context' | 'gloss';

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
    out += `${i === from ? '' : ','}{"start":${m.start},"end":${m.end},"surface":${quoteOnce(quoted, m.surface)},"entityId":${quoteOnce(quoted, m.entityId)},"replacement":${quoteOnce(quoted, m.replacement)},"decided":"${m.decided}"}`;
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
 * convert can differ, at a step that ends mid-sentence, where a phrase of OpenCC's
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
    const hits = matcher.findNames(text);
    const target = options.target;
    const names = glossary.targetNameTable(target);
    const candidates = matcher;
    const chosen = new Int32Array(hits.length);
    const undecided = this.undecided;
    const plain = matcher.plainIndex;
    const keys = hits.keys;
    const cities = datelineCities(text, hits, (i) => matcher.candidates(keys[i]!).some((c) => glossary.entries.get(c.entityId)?.kind === 'place'));
    for (let i = 0; i < hits.length; i++) {
      const city = cities.has(i);
      const c = city ? -1 : plain[keys[i]!]!;
      chosen[i] = c;
      if (c >= 0) {
        if (names.get(c) === undefined) glossary.nameFor(candidates.candidate(c), target);
      } else if (!city) {
        undecided.push(i);
      }
    }
    // English admits no form: an English target always takes the English name.
    const admitting = admittingRegion(target.vocabulary);
    const admitted = options.spellOut === true || admitting === undefined ? 0 : regionBit(admitting);
    this.work = { text, hits, chosen, candidates, names, keepLatin: options.keepLatin === true, admittedOf: matcher.admittedOfCandidate, admittedBit: admitted, overrides: new Map(), overridden: new Uint8Array(hits.length), asWritten: new Uint8Array(hits.length), dropped: new Uint8Array(hits.length) };
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
      if (c >= 0 && names.get(c) === undefined) this.glossary.nameFor(candidates.candidate(c), target);
    }
    markEnglishRuns(this.work);
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
  /** The text's regions (regionBit mask), read when a candidate first asks. */
  private regions = -1;
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
        const c = this.byContext(matcher.candidates(hits.keys[i]!), i, (this.windows[this.next] ??= this.window(i)));
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

  private windowStart(i: number): number {
    return Math.max(0, this.hits.starts[i]! - CONTEXT_WINDOW);
  }

  private window(i: number): string {
    const from = this.windowStart(i);
    const to = Math.min(this.text.length, this.hits.ends[i]! + CONTEXT_WINDOW);
    return this.folded ? this.folded.slice(from, to) : foldText(this.text.slice(from, to));
  }

  /**
   * Pick the candidate with the most evidence: each of its context words near the
   * mention (one that is only part of a longer name, as 美国 in 美国商务部, says
   * nothing), half as much for an entity named unambiguously elsewhere in the text,
   * and the text's region: one for a candidate that is the bare name's meaning in the
   * text's region (its `regions`), minus one for a candidate whose regions the text is
   * not from. A candidate whose against word holds the mention is out. A tie is no
   * decision; with no evidence, the candidate declared `default` wins, else none does.
   */
  private byContext(candidates: readonly KeyCandidate[], i: number, window: string): KeyCandidate | undefined {
    const settled = this.settled;
    const from = this.windowStart(i);
    const start = this.hits.starts[i]! - from;
    const end = this.hits.ends[i]! - from;
    let best: KeyCandidate | undefined;
    let bestScore = 0;
    let fallback: KeyCandidate | undefined;
    for (const c of candidates) {
      if (c.againstKeys.length > 0 && heldBy(window, start, end, c.againstKeys)) continue;
      let score = settled[c.entityIndex] === 1 ? 0.5 : 0;
      for (const word of c.contextKeys) if (this.standsAlone(window, word, from)) score += 1;
      if (c.homeRegions !== 0) score += this.regionScore(c.homeRegions);
      if (c.ambiguity?.default === true && !fallback) fallback = c;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      } else if (score === bestScore && score > 0) {
        best = undefined; // a tie is no decision
      }
    }
    if (best) return best;
    if (bestScore > 0) return undefined;
    return fallback;
  }

  /**
   * Does word occur in the window as a word of its own: not inside a longer hit, and
   * for a Latin word not inside a longer Latin word (US in "thus" is none)?
   */
  private standsAlone(window: string, word: string, from: number): boolean {
    for (let at = window.indexOf(word); at >= 0; at = window.indexOf(word, at + 1)) {
      const end = at + word.length;
      if (isWordUnit(word.charCodeAt(0)) && at > 0 && isWordUnit(window.charCodeAt(at - 1))) continue;
      if (isWordUnit(word.charCodeAt(word.length - 1)) && end < window.length && isWordUnit(window.charCodeAt(end))) continue;
      if (!this.insideLongerHit(from + at, from + end)) return true;
    }
    return false;
  }

  /** Is [a, b) inside a hit longer than it? Hits do not overlap, so only the last one starting at or before a can hold it. */
  private insideLongerHit(a: number, b: number): boolean {
    const { starts, ends } = this.hits;
    const j = firstHitFrom(this.hits, a + 1) - 1;
    return j >= 0 && ends[j]! >= b && ends[j]! - starts[j]! > b - a;
  }

  /** +1 when every region the text may be from is home, -1 when none is, else 0. */
  private regionScore(home: number): number {
    if (this.regions < 0) this.regions = regionMask(this.glossary.matcher.textRegion(this.text, this.hits).regions);
    if ((this.regions & ~home) === 0) return 1;
    if ((this.regions & home) === 0) return -1;
    return 0;
  }
}

/** Is the mention at [start, end) of window inside one of the words? */
function heldBy(window: string, start: number, end: number, words: readonly string[]): boolean {
  for (const word of words) {
    // An occurrence that holds [start, end) starts at or after end - length and at or before start.
    if (window.slice(Math.max(0, end - word.length), start + word.length).includes(word)) return true;
  }
  return false;
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
    private readonly glossary: GlossarySnapshot,
    private readonly work: Work,
    private readonly deletions: ReadonlyArray<[number, number]>,
    options: CanonicalizeOptions,
  ) {
    this.edit = new Uint8Array(work.hits.length);
    this.out = options.convert ? this.convertingOutput(glossary, options.target) : new UnitOutput(work.text);
    this.pending = new PendingDeletions(deletions);
  }

  /**
   * For convert: the text between names converted whole, the names kept out of it. A
   * mention the rewrite copies (already in the target's form, or Latin kept) stays as
   * written, so the text holds exactly the reported replacements.
   */
  private convertingOutput(glossary: GlossarySnapshot, target: Target): RopeOutput {
    const { text, hits, chosen } = this.work;
    const converters = glossary.convert;
    return new RopeOutput(text, converters.textConverter(target), converters.scriptConverter(target), hits, (i) => chosen[i]! >= 0);
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
    const { text, hits, chosen, candidates, dropped, overridden } = this.work;
    const edit = this.edit;
    const work = this.work;
    const plain = this.glossary.matcher.plainIndex;
    const cp = new CodePointCounter(text);
    let i = 0;
    return new Canonicalized(this.out.toString(), this.count, (mentions, upTo) => {
      for (; i < hits.length && mentions.length < upTo; i++) {
        if (chosen[i]! < 0) continue;
        const entity = candidates.candidate(chosen[i]!);
        const start = hits.starts[i]!;
        const end = hits.ends[i]!;
        const replacement = dropped[i] ? '' : replacementAt(work, i);
        // An unedited mention's surface is its replacement: share the string.
        const surface = edit[i] === 0 && !dropped[i] ? replacement : text.slice(start, end);
        const decided: Decided = dropped[i] === 1 || overridden[i] === 1 ? 'gloss' : plain[hits.keys[i]!]! >= 0 ? 'plain' : 'context';
        mentions.push({ start: cp.at(start), end: cp.at(end), surface, entityId: entity.entityId, replacement, decided });
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
      if (!(isLowSurrogate(c) && this.unit > 0 && isHighSurrogate(this.text.charCodeAt(this.unit - 1)))) this.point++;
    }
    return this.point;
  }
}
