import { canonicalize } from '../canonicalize.ts';
import { parseTarget, type Target } from '../locale.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { align, alignCells, matchScore, maxDistanceFor, type AlignmentStep } from './fuzzy.ts';
import { normalizeLanguage } from './language.ts';
import { SHORT_QUERY_TOKENS, ShortSegments } from './short-segments.ts';
import { segmentsByLang, type TmStore } from './tm-repository.ts';
import { ENTITY_TOKEN, languageFamily, segmentTokens, type SegmentTokens } from './tokens.ts';

interface IndexedSegment {
  /** Position in TmIndex.segments, which postings refer to. */
  readonly id: number;
  readonly unitId: number;
  readonly lang: string;
  readonly family: string;
  readonly text: string;
  readonly tokens: SegmentTokens;
}

/** One language's text of a unit, as the index takes it. */
export interface IndexSegmentInput {
  readonly lang: string;
  readonly text: string;
}
export interface TmDiff {
  readonly op: 'replace' | 'insert' | 'delete';
  /** The stored source's text for this difference ('' for insert). */
  readonly stored: string;
  /** The query's text for this difference ('' for delete). */
  readonly query: string;
}

export interface TmMatch {
  readonly unitId: number;
  readonly source: string;
  readonly target: string;
  readonly score: number;
  /** True when the target had entity names swapped for the query's. */
  readonly patched: boolean;
  readonly diff: readonly TmDiff[];
}

/** What a lookup did, for callers that measure it. */
export interface TmLookupWork {
  /** Stored segments aligned with the query. */
  aligned: number;
  /** Matches whose target, patch and diff were built (at most the limit). */
  built: number;
}

/** A concordance search's answer. */
export interface TmSearchResult {
  readonly units: { unitId: number; segments: Record<string, string> }[];
  /** False when the search stopped at SEARCH_BUDGET: more units may hold the query. */
  readonly complete: boolean;
}

/** A candidate scored, before anything is built for it. */
interface Scored {
  readonly stored: IndexedSegment;
  readonly target: TargetSource;
  readonly score: number;
  readonly steps: readonly AlignmentStep[];
}

/** Where a match's target comes from: a segment as it is, or converted to a Chinese target. */
interface TargetSource {
  readonly segment: IndexedSegment;
  readonly convertTo?: Target;
}

export interface TmLookup {
  readonly text: string;
  readonly from: string;
  readonly to: string;
  /** DEFAULT_MIN_SCORE when not given. */
  readonly minScore?: number;
  readonly limit?: number;
}

/** The lowest score a fuzzy match is returned with when the lookup names none. */
export const DEFAULT_MIN_SCORE = 70;

/**
 * How many candidates, best by shared token pairs, get an exact alignment (for a
 * query of one or two tokens: at most this many from each of its few buckets).
 */
export const ALIGN_CANDIDATES = 200;
/**
 * Alignment cells one lookup may compute, over all its candidates: about 50 ms and,
 * for the largest single alignment, 40 MB. Sentences cost a few thousand cells each;
 * only long segments far apart can run out, and those are skipped, not waited for.
 */
export const ALIGN_BUDGET = 10_000_000;
/** The first band tried: most matches are near, and a narrow band finds them cheaply. */
const FIRST_BAND = 16;
/**
 * Token comparisons one concordance search may make: a few milliseconds. A query of
 * common characters in a large memory stops there and says its answer is partial.
 */
export const SEARCH_BUDGET = 2_000_000;
/** Rows read per page while loading; the event loop gets a turn between pages. */
const LOAD_PAGE = 5000;

/**
 * The translation memory in memory, tokenized with the glossary's matcher, with an
 * inverted index of token pairs for finding candidates among many units.
 * Writes are applied with putUnit/removeUnit, synchronously, so a request never
 * sees a unit half-changed; a new glossary needs a new index (load again).
 */
export class TmIndex {
  /** Per-query scratch counters, one per segment (queries run one at a time in JS). */
  private counts = new Int32Array(1024);
  /** Removed segments leave a hole, so postings never need rewriting. */
  private readonly segments: (IndexedSegment | undefined)[] = [];
  private readonly byUnit = new Map<number, IndexedSegment[]>();
  private readonly postings = new Map<number, number[]>();
  private readonly short = new ShortSegments();

  private constructor(private readonly glossary: GlossarySnapshot) {}

  /** Read the whole memory, a page at a time, yielding to other work between pages. */
  static async load(db: TmStore, glossary: GlossarySnapshot): Promise<TmIndex> {
    const index = new TmIndex(glossary);
    let after = { unit: 0, lang: '' };
    for (;;) {
      const rows = await db
        .selectFrom('tm_segment')
        .select(['unit_id', 'lang', 'text'])
        .where((eb) => eb.or([eb('unit_id', '>', after.unit), eb.and([eb('unit_id', '=', after.unit), eb('lang', '>', after.lang)])]))
        .orderBy('unit_id')
        .orderBy('lang')
        .limit(LOAD_PAGE)
        .execute();
      for (const row of rows) index.addSegment(row.unit_id, row);
      if (rows.length < LOAD_PAGE) return index;
      const last = rows[rows.length - 1]!;
      after = { unit: last.unit_id, lang: last.lang };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** An index of just these segments (unit_id, lang, text), for a lookup among a few candidates. */
  static of(glossary: GlossarySnapshot, segments: readonly { unit_id: number; lang: string; text: string }[]): TmIndex {
    const index = new TmIndex(glossary);
    for (const row of segments) index.addSegment(row.unit_id, row);
    return index;
  }

  /** Index a unit's segments, replacing whatever the unit had. */
  putUnit(unitId: number, segments: readonly IndexSegmentInput[]): void {
    this.removeUnit(unitId);
    for (const s of segments) this.addSegment(unitId, s);
  }

  removeUnit(unitId: number): void {
    for (const s of this.byUnit.get(unitId) ?? []) this.segments[s.id] = undefined;
    this.byUnit.delete(unitId);
  }

  private addSegment(unitId: number, input: IndexSegmentInput): void {
    const id = this.segments.length;
    const segment: IndexedSegment = { id, unitId, lang: input.lang, family: languageFamily(input.lang), text: input.text, tokens: segmentTokens(this.glossary, input.text) };
    this.segments.push(segment);
    const unit = this.byUnit.get(unitId);
    if (unit) unit.push(segment);
    else this.byUnit.set(unitId, [segment]);
    this.short.add(id, segment.family, segment.tokens.tokens);
    for (const pair of new Set(pairsOf(segment.tokens.tokens))) {
      const list = this.postings.get(pair);
      if (list) list.push(id);
      else this.postings.set(pair, [id]);
    }
    if (this.segments.length > this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
  }

  get size(): number {
    return this.byUnit.size;
  }

  /**
   * Fuzzy matches for a new segment, best first. Stored segments in any script or
   * region of the query's language compete; a target missing in `to` but present in
   * another form of the language is converted to it.
   */
  lookup(request: TmLookup, work: TmLookupWork = { aligned: 0, built: 0 }): TmMatch[] {
    const from = normalizeLanguage(request.from) ?? request.from;
    const to = normalizeLanguage(request.to) ?? request.to;
    const minScore = request.minScore ?? DEFAULT_MIN_SCORE;
    const limit = request.limit ?? 5;
    const family = languageFamily(from);
    const query = segmentTokens(this.glossary, request.text);
    const q = query.tokens;
    if (q.length === 0) return [];

    // Score every candidate first (cheap); a target is converted, patched and diffed
    // only for the matches returned, so a query that many units match costs no more.
    const best = new Map<number, Scored>();
    const budget = { cells: ALIGN_BUDGET };
    for (const id of this.candidates(q, family, minScore)) {
      const stored = this.segments[id]!;
      work.aligned++;
      const aligned = alignWithin(stored.tokens.tokens, q, maxDistanceFor(minScore, stored.tokens.tokens.length, q.length), budget);
      if (!aligned) continue;
      const score = matchScore(aligned.distance, stored.tokens.tokens.length, q.length);
      if (score < minScore || (best.get(stored.unitId)?.score ?? -1) >= score) continue;
      const target = this.targetFor(stored.unitId, to, stored);
      if (target) best.set(stored.unitId, { stored, target, score, steps: aligned.steps });
    }
    const chosen = [...best.values()].sort((a, b) => b.score - a.score || a.stored.unitId - b.stored.unitId).slice(0, limit);
    return chosen.map(({ stored, target, score, steps }) => {
      work.built++;
      const text = target.convertTo ? canonicalize(this.glossary, target.segment.text, { target: target.convertTo, convert: true }).text : target.segment.text;
      const patch = this.patch(text, steps, stored.tokens, query, to);
      return { unitId: stored.unitId, source: stored.text, target: patch.text, score, patched: patch.patched, diff: diffOf(steps, stored, request.text, query) };
    });
  }

  /**
   * Units with a segment containing the words or names of q, in any script or
   * regional form (entity names match whichever name the unit used). The segments
   * read are those holding q's rarest token pair (every segment, for one token),
   * at most SEARCH_BUDGET token comparisons: past that the answer is marked partial.
   */
  search(q: string, limit = 50): TmSearchResult {
    const needle = segmentTokens(this.glossary, q).tokens;
    if (needle.length === 0) return { units: [], complete: true };
    // The segments that can hold q: those with its rarest pair, or all for one token.
    const pool: ArrayLike<number> | undefined =
      needle.length >= 2 ? pairsOf(needle).map((pair) => this.postings.get(pair) ?? []).reduce((a, b) => (b.length < a.length ? b : a)) : undefined;
    const poolSize = pool ? pool.length : this.segments.length;
    const units = new Set<number>();
    const budget = { comparisons: SEARCH_BUDGET };
    for (let i = 0; i < poolSize && units.size < limit && budget.comparisons >= 0; i++) {
      const segment = this.segments[pool ? pool[i]! : i];
      if (segment && !units.has(segment.unitId) && containsRun(segment.tokens.tokens, needle, budget)) units.add(segment.unitId);
    }
    // A comparison refused (budget below zero) leaves segments unread.
    const complete = budget.comparisons >= 0 || units.size >= limit;
    return { units: [...units].map((unitId) => ({ unitId, segments: segmentsByLang(this.byUnit.get(unitId) ?? []) })), complete };
  }

  /** Segments of the family that share enough token pairs with q to reach minScore (the q-gram lemma). */
  private candidates(q: Int32Array, family: string, minScore: number): number[] {
    if (q.length <= SHORT_QUERY_TOKENS) return this.short.candidates(q, family, ALIGN_CANDIDATES, (id) => this.segments[id] !== undefined);
    const counts = this.counts;
    const touched: number[] = [];
    const allowed = Math.floor(((100 - minScore) / 100) * q.length) + 1;
    let needed = q.length - 1 - 2 * allowed;
    // Pairs found in a large share of the memory (digits, punctuation, 的是) cost the most
    // to count and tell the least. Skipping one can lower a true match's count by one,
    // so the bar drops by one per skipped pair; if it would reach zero, count them all.
    const pairs = pairsOf(q);
    const common = Math.max(1000, this.segments.length >> 5);
    const skip = new Set(pairs.filter((p) => (this.postings.get(p)?.length ?? 0) > common));
    const skipped = pairs.filter((p) => skip.has(p)).length;
    if (needed - skipped > 0) needed -= skipped;
    else skip.clear();
    for (const pair of new Set(pairs)) {
      if (skip.has(pair)) continue;
      for (const id of this.postings.get(pair) ?? []) {
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
    }
    const found = touched.filter((id) => counts[id]! >= needed && this.segments[id]?.family === family);
    found.sort((a, b) => counts[b]! - counts[a]!);
    for (const id of touched) counts[id] = 0;
    return found.slice(0, ALIGN_CANDIDATES);
  }

  /** The unit's segment in `to`, or one in another form of that language to convert to it. */
  private targetFor(unitId: number, to: string, source: IndexedSegment): TargetSource | undefined {
    const segments = this.byUnit.get(unitId) ?? [];
    const exact = segments.find((s) => s.lang === to && s !== source);
    if (exact) return { segment: exact };
    const sibling = segments.find((s) => s !== source && s.family === languageFamily(to));
    const convertTo = chineseTarget(to);
    return sibling && convertTo ? { segment: sibling, convertTo } : undefined;
  }

  /**
   * Where the query names a different entity than the stored source (an entity
   * token replaced by another), put the query's entity in the target instead of the
   * stored one, written as the target locale writes it.
   */
  private patch(target: string, steps: readonly AlignmentStep[], stored: SegmentTokens, query: SegmentTokens, to: string): { text: string; patched: boolean } {
    const swaps = steps.filter((s) => s.op === 'replace' && stored.tokens[s.stored]! >= ENTITY_TOKEN && query.tokens[s.query]! >= ENTITY_TOKEN);
    if (swaps.length === 0) return { text: target, patched: false };
    const locale = parseTarget(to) ?? parseTarget(languageFamily(to) === 'en' ? 'en' : 'zh-CN')!;
    const inTarget = segmentTokens(this.glossary, target);
    let text = target;
    let patched = false;
    // Right to left, so earlier offsets stay valid.
    const edits: { start: number; end: number; name: string }[] = [];
    for (const swap of swaps) {
      const from = stored.entities[swap.stored]!;
      const toEntity = query.entities[swap.query]!;
      const at = inTarget.entities.findIndex((e, i) => e === from && !edits.some((x) => x.start === inTarget.spans[2 * i]));
      const name = this.glossary.nameForEntity(toEntity, locale);
      if (at < 0 || !name) continue;
      edits.push({ start: inTarget.spans[2 * at]!, end: inTarget.spans[2 * at + 1]!, name });
    }
    for (const e of edits.sort((a, b) => b.start - a.start)) {
      text = text.slice(0, e.start) + e.name + text.slice(e.end);
      patched = true;
    }
    return { text, patched };
  }
}

/**
 * The alignment of stored with q if their distance is at most maxDistance, paid for
 * from budget. The band starts narrow and widens fourfold while the distance lies
 * beyond it, so a near match costs little however long the texts; a pair the budget
 * cannot pay for is skipped (a stored segment of any length, even one written before
 * segments were limited, costs at most the budget). Lengths too far apart to reach
 * the score cost nothing.
 */
function alignWithin(stored: Int32Array, q: Int32Array, maxDistance: number, budget: { cells: number }): ReturnType<typeof align> {
  if (Math.abs(stored.length - q.length) > maxDistance) return undefined;
  let tried = -1;
  for (let band = Math.max(FIRST_BAND, Math.abs(stored.length - q.length)); ; band *= 4) {
    let k = Math.min(band, maxDistance);
    // Too wide to pay for: the widest band the budget still pays for is the last try.
    if (alignCells(stored.length, q.length, k) > budget.cells) k = Math.floor((budget.cells / (stored.length + 1) - 1) / 2);
    if (k <= tried || k < Math.abs(stored.length - q.length)) return undefined;
    budget.cells -= alignCells(stored.length, q.length, k);
    const aligned = align(stored, q, k);
    if (aligned || k >= maxDistance) return aligned;
    tried = k;
  }
}

function chineseTarget(lang: string): Target | undefined {
  return parseTarget(lang) ?? (lang.startsWith('zh') ? parseTarget(/Hant|TW/.test(lang) ? 'zh-TW' : /HK|MO/.test(lang) ? 'zh-HK' : 'zh-CN') : undefined);
}

function pairsOf(tokens: Int32Array): number[] {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) pairs.push(tokens[i]! * 0x200000 + tokens[i + 1]!);
  return pairs;
}

/** Whether needle occurs in haystack, each token comparison paid for from budget (false once it is spent). */
function containsRun(haystack: Int32Array, needle: Int32Array, budget: { comparisons: number }): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (--budget.comparisons < 0) return false;
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** Group the alignment's edits into runs and say what text each covers on each side. */
function diffOf(steps: readonly AlignmentStep[], stored: IndexedSegment, queryText: string, query: SegmentTokens): TmDiff[] {
  const diff: TmDiff[] = [];
  const spanText = (text: string, spans: Int32Array, from: number, to: number): string => (from > to ? '' : text.slice(spans[2 * from], spans[2 * to + 1]));
  let i = 0;
  while (i < steps.length) {
    if (steps[i]!.op === 'same') {
      i++;
      continue;
    }
    let j = i;
    while (j < steps.length && steps[j]!.op !== 'same') j++;
    const run = steps.slice(i, j);
    const s = run.filter((x) => x.stored >= 0).map((x) => x.stored);
    const q = run.filter((x) => x.query >= 0).map((x) => x.query);
    diff.push({
      op: s.length === 0 ? 'insert' : q.length === 0 ? 'delete' : 'replace',
      stored: s.length ? spanText(stored.text, stored.tokens.spans, s[0]!, s[s.length - 1]!) : '',
      query: q.length ? spanText(queryText, query.spans, q[0]!, q[q.length - 1]!) : '',
    });
    i = j;
  }
  return diff;
}
