import { codePointOffsets, foldText, isWordUnit } from './fold.ts';
import type { Target } from './locale.ts';
import type { KeyCandidate } from './match/matcher.ts';
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

export interface Canonicalized {
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** A resolved mention, offsets in UTF-16 units while we work. */
interface Found {
  readonly start: number;
  readonly end: number;
  readonly entityId: string;
  readonly candidate: KeyCandidate;
  replacement: string;
  dropped: boolean;
}

const CONTEXT_WINDOW = 40;
const GLOSS_MAX = 120;
const CLOSERS = new Set(['》', '」', '』', '"', '”', '’', "'", '〉']);
const SEPARATORS = /[,，、;；/]/;

/**
 * Rewrite every mention of a glossary entity into the target's preferred name.
 *
 * canonicalize(g, '辉达(NVIDIA)的H200芯片', { target: zh-CN })
 *   -> { text: '英伟达(NVIDIA)的H200芯片', mentions: [{ start: 0, end: 2, surface: '辉达', entityId: 'nvidia', replacement: '英伟达' }, ...] }
 */
export function canonicalize(glossary: GlossarySnapshot, text: string, options: CanonicalizeOptions): Canonicalized {
  const found = resolve(glossary, text);
  for (const m of found) {
    m.replacement = options.keepLatin && m.candidate.latin ? text.slice(m.start, m.end) : glossary.nameFor(m.entityId, m.candidate.form, options.target);
  }
  const deletions = collapseGlosses(text, found, options);
  return rewrite(glossary, text, found, deletions, options);
}

/** Scan, then settle which entity each hit names; hits that context cannot settle are left out. */
function resolve(glossary: GlossarySnapshot, text: string): Found[] {
  const hits = glossary.matcher.scan(text);
  const settled = new Set<string>();
  for (const hit of hits) {
    const candidates = glossary.matcher.candidates(hit.key);
    if (candidates.length === 1 && candidates[0]!.ambiguity === null) settled.add(candidates[0]!.entityId);
  }
  const found: Found[] = [];
  let folded: string | undefined;
  for (const hit of hits) {
    const candidates = glossary.matcher.candidates(hit.key);
    let chosen: KeyCandidate | undefined = candidates[0];
    if (candidates.length > 1 || chosen?.ambiguity) {
      folded ??= foldText(text);
      chosen = byContext(candidates, folded, hit.start, hit.end, settled);
    }
    if (chosen) found.push({ start: hit.start, end: hit.end, entityId: chosen.entityId, candidate: chosen, replacement: '', dropped: false });
  }
  return found;
}

/**
 * Pick the candidate whose context words stand nearest the mention; an entity named
 * unambiguously elsewhere in the text counts as weaker evidence. With no evidence,
 * the candidate declared `default` wins, else none does.
 */
function byContext(candidates: readonly KeyCandidate[], folded: string, start: number, end: number, settled: ReadonlySet<string>): KeyCandidate | undefined {
  const window = folded.slice(Math.max(0, start - CONTEXT_WINDOW), Math.min(folded.length, end + CONTEXT_WINDOW));
  let best: KeyCandidate | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    let score = settled.has(c.entityId) ? 0.5 : 0;
    for (const word of c.ambiguity?.context ?? []) if (window.includes(foldText(word))) score += 1;
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
 * Returns the spans to delete (UTF-16 offsets).
 */
function collapseGlosses(text: string, found: Found[], options: CanonicalizeOptions): Array<[number, number]> {
  const deletions: Array<[number, number]> = [];
  const byStart = new Map(found.map((m) => [m.start, m]));
  const english = options.target.script === 'Latn';
  for (const main of found) {
    if (main.dropped) continue;
    let open = main.end;
    while (open < text.length && CLOSERS.has(text[open]!)) open++;
    if (text[open] !== '(' && text[open] !== '（') continue;
    const close = findClose(text, open);
    if (close < 0) continue;
    const parts = splitParts(text, open + 1, close);
    const drop: boolean[] = parts.map(([s, e]) => {
      const m = byStart.get(s);
      if (!m || m.end !== e || m.entityId !== main.entityId) return false;
      if (english) return true;
      if (m.candidate.latin) {
        m.replacement = text.slice(m.start, m.end);
        return foldText(m.replacement) === foldText(main.replacement);
      }
      return m.replacement === main.replacement;
    });
    if (!drop.includes(true)) continue;
    parts.forEach(([s], i) => {
      if (drop[i]) byStart.get(s)!.dropped = true;
    });
    if (drop.every(Boolean)) {
      deletions.push([open, close + 1]);
      continue;
    }
    // Remove each dropped part with the separator before it (after it, for the first).
    parts.forEach(([s, e], i) => {
      if (!drop[i]) return;
      if (i > 0) deletions.push([parts[i - 1]![1], e]);
      else deletions.push([s, parts[1]![0]]);
    });
  }
  return deletions;
}

function findClose(text: string, open: number): number {
  const limit = Math.min(text.length, open + GLOSS_MAX);
  for (let i = open + 1; i < limit; i++) {
    const c = text[i]!;
    if (c === ')' || c === '）') return i;
    if (c === '(' || c === '（' || c === '\n') return -1;
  }
  return -1;
}

/** The trimmed parts of text[from, to) between separators, as [start, end) spans. */
function splitParts(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || SEPARATORS.test(text[i]!)) {
      let a = s;
      let b = i;
      while (a < b && /\s/.test(text[a]!)) a++;
      while (b > a && /\s/.test(text[b - 1]!)) b--;
      parts.push([a, b]);
      s = i + 1;
    }
  }
  return parts;
}

function rewrite(glossary: GlossarySnapshot, text: string, found: readonly Found[], deletions: Array<[number, number]>, options: CanonicalizeOptions): Canonicalized {
  const edits: Array<{ start: number; end: number; text: string }> = deletions.map(([start, end]) => ({ start, end, text: '' }));
  for (const m of found) if (!m.dropped) edits.push({ start: m.start, end: m.end, text: m.replacement });
  edits.sort((a, b) => a.start - b.start || b.end - a.end);

  const convert = options.convert ? glossary.convert.textConverter(options.target) : undefined;
  let out = '';
  let at = 0;
  // A Latin replacement set between Chinese characters may now touch a Latin letter
  // or digit (川普8日 -> Trump8日): a space keeps the two words apart.
  let endsInWord = false;
  const append = (piece: string, replaced: boolean): void => {
    if (piece === '') return;
    const touches = isWordUnit(piece.charCodeAt(0)) && out.length > 0 && isWordUnit(out.charCodeAt(out.length - 1));
    if (touches && (endsInWord || replaced)) out += ' ';
    out += piece;
    endsInWord = replaced && isWordUnit(piece.charCodeAt(piece.length - 1));
  };
  for (const edit of edits) {
    if (edit.start < at) continue; // inside a deleted gloss
    const between = text.slice(at, edit.start);
    append(convert ? convert(between) : between, false);
    append(edit.text, true);
    at = edit.end;
  }
  const rest = text.slice(at);
  append(convert ? convert(rest) : rest, false);

  const cp = codePointOffsets(text);
  const mentions = found.map((m) => ({
    start: cp(m.start),
    end: cp(m.end),
    surface: text.slice(m.start, m.end),
    entityId: m.entityId,
    replacement: m.dropped ? '' : m.replacement,
  }));
  return { text: out, mentions };
}

