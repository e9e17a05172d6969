import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.ts';
import { align, matchScore, maxDistanceFor, type AlignmentStep } from '../src/tm/fuzzy.ts';
import { insertUnits, openTm, plainSegment } from '../src/tm/tm-repository.ts';
import { TranslationMemory } from '../src/tm/translation-memory.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import type { GlossarySnapshot } from '../src/snapshot.ts';
import { buildTestStore, tempDir, writeTmxUnits } from './helpers.ts';

/** The textbook Levenshtein table, all of it: what align must agree with. */
function fullDistance(a: Int32Array, b: Int32Array): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1));
    row = next;
  }
  return row[b.length]!;
}

/** Replays steps over stored; they must spell query and cost distance. */
function replay(stored: Int32Array, query: Int32Array, steps: readonly AlignmentStep[]): { spelled: number[]; cost: number } {
  const spelled: number[] = [];
  let cost = 0;
  for (const s of steps) {
    if (s.op !== 'same') cost++;
    if (s.op === 'delete') continue;
    spelled.push(query[s.query]!);
    if (s.op === 'same') expect(stored[s.stored]).toBe(query[s.query]);
  }
  return { spelled, cost };
}

describe('fuzzy alignment', () => {
  it('finds the full table’s distance within any band that holds it, and nothing within one that does not', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let round = 0; round < 400; round++) {
      const a = Int32Array.from({ length: random(25) }, () => random(3));
      const b = Int32Array.from({ length: random(25) }, () => random(3));
      const expected = fullDistance(a, b);
      for (const band of [undefined, expected, expected + 3]) {
        const aligned = align(a, b, band);
        expect(aligned?.distance, `${a} -> ${b} within ${band}`).toBe(expected);
        const { spelled, cost } = replay(a, b, aligned!.steps);
        expect(spelled).toEqual([...b]);
        expect(cost).toBe(expected);
      }
      if (expected > 0) expect(align(a, b, expected - 1), `${a} -> ${b} within ${expected - 1}`).toBeUndefined();
    }
  });

  it('counts distances past 65,535 (a 16-bit table wrapped there)', () => {
    const stored = new Int32Array(70_000).fill(7);
    const aligned = align(stored, Int32Array.from([7, 7, 7]))!;
    expect(aligned.distance).toBe(69_997);
    expect(aligned.steps.filter((s) => s.op === 'delete')).toHaveLength(69_997);
    expect(aligned.steps.filter((s) => s.op === 'same')).toHaveLength(3);
  });

  it('knows the largest distance that still reaches a score', () => {
    const wrong: string[] = [];
    for (const minScore of [0, 1, 50, 69.5, 70, 99, 100]) {
      for (let n = 0; n <= 30; n++) {
        for (let m = 0; m <= 30; m++) {
          const limit = maxDistanceFor(minScore, n, m);
          for (let d = Math.abs(n - m); d <= Math.max(n, m); d++) if (matchScore(d, n, m) >= minScore !== d <= limit) wrong.push(`score ${minScore}, ${n} vs ${m}, distance ${d}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});


const unit = (en: string, zh: string): string => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`;

describe('segment limits at TMX import', () => {
  it('rejects a segment over 10,000 characters with its line and the reason, and imports the rest', async () => {
    // Lines 4, 5 and 6 of the file.
    const path = writeTmxUnits([unit('The board met on Monday', '董事会周一开会'), unit('a'.repeat(200_000), '很长'), unit('b'.repeat(10_000), '刚好')]);
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTmxFile(db, path);
    expect(report.rejected).toEqual([{ line: 5, reason: 'en: is longer than 10,000 characters' }]);
    expect(report.added).toBe(2);
    const longest = await db.selectFrom('tm_segment').select((eb) => eb.fn.max<number>(eb.fn('length', ['text'])).as('n')).executeTakeFirstOrThrow();
    expect(longest.n).toBe(10_000);
    await db.destroy();
  });

  it('rejects a unit whose inline markup or number of <tuv>s has no bound', async () => {
    const manyTuvs = `<tu>${Array.from({ length: 101 }, (_, i) => `<tuv xml:lang="en"><seg>take ${i}</seg></tuv>`).join('')}<tuv xml:lang="fr"><seg>prise</seg></tuv></tu>`;
    // One placeholder character of text, 150,000 characters of native code.
    const bigTag = `<tu><tuv xml:lang="en"><seg>Hello <ph x="1">${'x'.repeat(150_000)}</ph></seg></tuv><tuv xml:lang="zh-CN"><seg>你好</seg></tuv></tu>`;
    const path = writeTmxUnits([manyTuvs, bigTag, unit('The board met on Monday', '董事会周一开会')]);
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTmxFile(db, path);
    expect(report.rejected).toEqual([
      { line: 4, reason: 'more than 100 <tuv> elements' },
      { line: 5, reason: 'en: inline markup longer than 100,000 characters' },
    ]);
    expect(report.added).toBe(1);
    await db.destroy();
  });
});

describe('a lookup over a memory that already holds a 200,000-character segment', () => {
  let glossary: GlossarySnapshot;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    glossary = (await buildTestStore(false)).glossary;
    // Written straight to the store, as the old import did: no import path takes it now.
    const db = await openTm(join(tempDir(), 'tm.db'));
    const words = ['the', 'chip', 'maker', 'said', 'exports', 'would', 'rise', 'next', 'year'];
    let long = '';
    for (let i = 0; long.length < 200_000; i++) long += `${words[i % words.length]} `;
    await insertUnits(db, [
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 1, segments: [plainSegment('en', long.slice(0, 200_000)), plainSegment('zh-CN', '芯片制造商表示出口将增长')] },
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 2, segments: [plainSegment('en', 'The chip maker said exports would rise'), plainSegment('zh-CN', '芯片制造商表示出口将会增长')] },
    ]);
    const tm = await TranslationMemory.open(db, glossary);
    app = createApp({ glossary: () => glossary, tm });
  });

  const lookup = async (body: object) => {
    const res = await app.request('/v1/tm/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as { matches: { unitId: number; score: number; target: string }[] } };
  };

  it('answers, and still finds the near sentence', async () => {
    const query = 'the chip maker said exp';
    expect(query).toHaveLength(23);
    expect(await lookup({ text: query, from: 'en', to: 'zh-CN' })).toEqual({ status: 200, json: { matches: [] } });
    const near = await lookup({ text: 'The chip maker said exports will rise', from: 'en', to: 'zh-CN' });
    expect(near.status).toBe(200);
    expect(near.json.matches.map((m) => m.target)).toEqual(['芯片制造商表示出口将会增长']);
  });

  it('scores the long segment when asked for every score, with its distance counted past 65,535', async () => {
    const all = await lookup({ text: 'the chip maker said exp', from: 'en', to: 'zh-CN', minScore: 0, limit: 5 });
    expect(all.status).toBe(200);
    // 23 characters against 200,000: the longer side's share left is 0.
    expect(all.json.matches.find((m) => m.target === '芯片制造商表示出口将增长')?.score).toBe(0);
  });
});
