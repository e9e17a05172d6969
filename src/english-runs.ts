import type { Work } from './canonicalize-work.ts';
import { proseRunAround } from './match/english-prose.ts';

/*
 * English inside Chinese text: "Jensen Huang, the chief executive of Nvidia, said ..."
 * is the author's English, and its names stay as written for every target (for a
 * Chinese target it must not become "黄仁勋, the chief executive of 英伟达"; for en
 * it is already English). A Latin name standing in Chinese text (他也提到Huawei的進展,
 * 據Reuters報導) is the Chinese sentence's word, and is replaced as any mention is.
 * What is prose and what is a run: src/match/english-prose.ts.
 */

/**
 * Mark in work.asWritten every chosen Latin hit that stands in English prose: its
 * replacement is its surface as written, whatever the target. Runs are found from
 * the hits outward, so Chinese text with a few Latin names costs a few short walks.
 *
 * markEnglishRuns(work for 'Jensen Huang, the chief executive of Nvidia, said. 黃仁勳說')
 *   -> asWritten 1 for Jensen Huang and Nvidia, 0 for 黃仁勳
 */
export function markEnglishRuns(work: Work): void {
  const { text, hits, chosen, candidates, asWritten } = work;
  const { starts, ends } = hits;
  let runEnd = -1;
  let english = false;
  for (let i = 0; i < hits.length; i++) {
    const c = chosen[i]!;
    if (c < 0 || !candidates.candidate(c).latin) continue;
    if (starts[i]! >= runEnd) {
      const run = proseRunAround(text, starts, ends, i);
      runEnd = run.end;
      english = run.prose;
    }
    if (english) asWritten[i] = 1;
  }
}
