// `npm run compile && npx tsx scripts/bench-convert.ts` (or `BENCH_ONLY=convert npm run
// bench`): OpenCC's conversions as compiled automata (src/convert/) against opencc-js,
// in one process, on the seed articles repeated to 10 MB; the time to load each
// artifact from dist/; and a 50 MB text through tw2sp and then s2twp, as
// canonicalize --convert to zh-TW runs it. Never a test: numbers depend on the
// machine; the ratios are what to compare. MB are 2^20 bytes of UTF-8 input.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { converterOptions } from '../src/convert/opencc-config.ts';
import { loadPhrases, SHIPPED_CONFIGS, type OpenccConfigName } from '../src/convert/opencc-phrases.ts';
import { chainOf, type PhraseAutomaton } from '../src/convert/phrase-automaton.ts';
import { opencc } from '../src/opencc.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEEDS = resolve(ROOT, '../shared/seeds');
const REPEATS = 3;
const RUNS = 3;

const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n');
const repeated = (bytes: number): string => seeds.repeat(Math.ceil(bytes / Buffer.byteLength(seeds)));
const megabytes = (text: string): number => Buffer.byteLength(text) / 1024 / 1024;
const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const range = (xs: readonly number[]): string => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;

console.log('Loading each artifact (dist/opencc-<config>.bin), first load in this process:');
const automata = new Map<OpenccConfigName, PhraseAutomaton>();
for (const name of SHIPPED_CONFIGS) {
  const file = join(ROOT, `dist/opencc-${name}.bin`);
  const t = performance.now();
  const loaded = loadPhrases(name, file);
  const ms = performance.now() - t;
  if (loaded.from !== 'artifact') throw new Error(`${file} was not used: run npm run compile first`);
  automata.set(name, loaded.automaton);
  console.log(`  ${name.padEnd(6)} ${ms.toFixed(1)} ms  (${(readFileSync(file).length / 1024 / 1024).toFixed(1)} MB file)`);
}

const text = repeated(10 * 1024 * 1024);
const js = (name: OpenccConfigName) => opencc().Converter(converterOptions(name));
// Each configuration on text in the script it reads: the seeds as written (simplified),
// and as Taiwan and Hong Kong write them for tw2sp and hk2s.
const inputs: Record<string, string> = { simplified: text, 'Taiwan traditional': automata.get('s2twp')!.convert(text), 'Hong Kong traditional': automata.get('s2hk')!.convert(text) };
const runs: [OpenccConfigName, string][] = [['tw2sp', 'simplified'], ['tw2sp', 'Taiwan traditional'], ['s2t', 'simplified'], ['s2twp', 'simplified'], ['s2hk', 'simplified'], ['hk2s', 'Hong Kong traditional']];

console.log(`\nMB/s on the seeds repeated to ${fmt(megabytes(text))} MB, best of ${RUNS} runs, ${REPEATS} repeats (range over repeats):`);
for (const [name, script] of runs) {
  const input = inputs[script]!;
  const mb = megabytes(input);
  const ours = automata.get(name)!;
  const theirs = js(name);
  const same = ours.convert(input) === theirs(input);
  const oursMbs: number[] = [];
  const theirsMbs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let bestOurs = Infinity;
    let bestTheirs = Infinity;
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      ours.convert(input);
      bestOurs = Math.min(bestOurs, performance.now() - t);
      t = performance.now();
      theirs(input);
      bestTheirs = Math.min(bestTheirs, performance.now() - t);
    }
    oursMbs.push(mb / (bestOurs / 1000));
    theirsMbs.push(mb / (bestTheirs / 1000));
    ratios.push(bestTheirs / bestOurs);
  }
  console.log(`  ${name.padEnd(6)} on ${script.padEnd(21)} automaton ${range(oursMbs).padStart(9)}  opencc-js ${range(theirsMbs).padStart(9)}  ratio ${range(ratios)}x  output ${same ? 'identical' : 'DIFFERS'}`);
}

const big = repeated(50 * 1024 * 1024);
const toTW = chainOf([automata.get('tw2sp')!, automata.get('s2twp')!]);
console.log(`\n${fmt(megabytes(big))} MB through tw2sp then s2twp (one process, the automata loaded above):`);
for (let r = 0; r < REPEATS; r++) {
  const t = performance.now();
  toTW(big);
  console.log(`  run ${r + 1}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
}
const tw2sp = js('tw2sp');
const s2twp = js('s2twp');
const t = performance.now();
s2twp(tw2sp(big));
console.log(`  opencc-js, once: ${((performance.now() - t) / 1000).toFixed(2)} s`);
