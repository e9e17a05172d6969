import type { Hits, KeyCandidate } from './match/matcher.ts';
import { AS_WRITTEN, type TargetNames } from './snapshot.ts';

/** What canonicalize works on: the scan's hits, and per hit its candidate and replacement. */
export interface Work {
  readonly text: string;
  readonly hits: Hits;
  /** Per hit, the KeyCandidate.index it was resolved to; -1 when context could not decide. */
  readonly chosen: Int32Array;
  /** The matcher the hits are of: its candidates by KeyCandidate.index. */
  readonly candidates: { candidate(index: number): KeyCandidate };
  /** The target's name per candidate index (filled for every chosen candidate). */
  readonly names: TargetNames;
  /** Latin mentions are replaced by themselves (keepLatin). */
  readonly keepLatin: boolean;
  /** Per candidate index, the regions that admit its name as written (Matcher.admittedOfCandidate). */
  readonly admittedOf: Uint8Array;
  /** The target's regionBit; 0 when nothing stays for being admitted (English, or spellOut). */
  readonly admittedBit: number;
  /** Per-hit replacements that differ from the candidate's name (a Latin gloss kept as written). */
  readonly overrides: Map<number, string>;
  /** 1 where overrides has the hit: a typed read per hit instead of a map lookup. */
  readonly overridden: Uint8Array;
  /** 1 where the hit is replaced by its surface as written: a name in English prose (markEnglishRuns). */
  readonly asWritten: Uint8Array;
  /** 1 where the hit is a gloss part dropped as a repeat. */
  readonly dropped: Uint8Array;
}

/** What hit i (chosen) becomes. */
export function replacementAt(work: Work, i: number): string {
  if (work.overridden[i] === 1) return work.overrides.get(i)!;
  const c = work.chosen[i]!;
  // A form the target's region also writes (AI in a zh-TW text), or a name in English prose, stays as written.
  const name = work.names.get(c)!;
  if (name === AS_WRITTEN || work.asWritten[i] === 1 || (work.admittedOf[c]! & work.admittedBit) !== 0 || (work.keepLatin && work.candidates.candidate(c).latin)) return work.text.slice(work.hits.starts[i], work.hits.ends[i]);
  return name;
}

