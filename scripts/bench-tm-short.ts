import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { TmIndex } from '../src/tm/tm-index.ts';
import { insertUnits, openTm, plainSegment } from '../src/tm/tm-repository.ts';

/**
 * The cost of one short TM lookup and one concordance search over a memory of many
 * short units (two or three characters, most holding 的): the work the short query
 * path and search do that grows with the memory rather than with the answer.
 * npx tsx scripts/bench-tm-short.ts [units]
 */
const units = Number(process.argv[2] ?? 27_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-tm-short-'));
await buildGlossary('glossary', join(dir, 'glossary.db'));
const glossary = await GlossarySnapshot.load(openStore(join(dir, 'glossary.db'), { readonly: true }));
const db = await openTm(join(dir, 'tm.db'));
const chars = '我你他她们是有在这那个中国人大小上下来去说好新年月日时天地国家会能要就也和对';
const rows = [];
for (let i = 0; i < units; i++) {
  const a = chars[i % chars.length]!;
  const b = chars[Math.floor(i / chars.length) % chars.length]!;
  const zh = i % 3 === 0 ? `${a}${b}${chars[Math.floor(i / 2209) % chars.length]}` : `${a}的${b}`;
  rows.push({ kind: 'unit' as const, attrs: {}, props: [], notes: [], line: i, segments: [plainSegment('zh-CN', zh), plainSegment('zh-TW', zh), plainSegment('en', `unit ${i}`)] });
}
for (let i = 0; i < rows.length; i += 1000) await insertUnits(db, rows.slice(i, i + 1000));
const index = await TmIndex.load(db, glossary);
console.log(`${index.size} units`);

const time = (label: string, run: () => unknown): void => {
  run(); // warm
  const times: number[] = [];
  let answer: unknown;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    answer = run();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const size = Array.isArray(answer) ? answer.length : (answer as { units: unknown[] }).units?.length;
  console.log(`${label}: median ${times[2]!.toFixed(1)} ms, max ${times[4]!.toFixed(1)} ms (${size} results)`);
};
for (const to of ['zh-TW', 'zh-HK', 'en']) for (const minScore of [0, 30]) time(`lookup('的') to ${to} minScore ${minScore}`, () => index.lookup({ text: '的', from: 'zh-CN', to, minScore }));
time(`lookup('我的你') to zh-HK minScore 0`, () => index.lookup({ text: '我的你', from: 'zh-CN', to: 'zh-TW', minScore: 0 }));
time(`search('的')`, () => index.search('的'));
time(`search('龘') (no unit has it)`, () => index.search('龘'));
time(`search('我的龘') (no unit has it)`, () => index.search('我的龘'));
await db.destroy();
