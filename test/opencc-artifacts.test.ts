// The OpenCC automata `npm run compile` writes into dist/ (the tests' global setup
// compiles dist/ first): exactly what a process compiles for itself, and a damaged
// or stale file is refused with the reason and compiled around, never used.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactRefused, packArtifact, unpackArtifact } from '../src/binary-artifact.ts';
import { compilePhrases, loadPhrases, phrasesArtifact, readPhrasesArtifact, SHIPPED_CONFIGS, type OpenccConfigName } from '../src/convert/opencc-phrases.ts';
import { openccVersion } from '../src/opencc.ts';
import { ROOT, seedFiles, tempDir } from './helpers.ts';

const CASES = (JSON.parse(readFileSync(resolve(ROOT, '../shared/opencc-testcases/testcases.json'), 'utf8')) as { cases: { input: string }[] }).cases.map((c) => c.input);
const SEEDS = seedFiles().map((f) => readFileSync(f, 'utf8'));

const shipped = (name: OpenccConfigName): Buffer => readFileSync(join(ROOT, `dist/opencc-${name}.bin`));

/** The same parts, typed arrays compared byte for byte; where they differ. */
function sameParts(a: unknown, b: unknown, at = ''): string[] {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const same = a.constructor === b.constructor && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    return same ? [] : [at];
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => sameParts((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return a === b ? [] : [at];
}

describe.each(SHIPPED_CONFIGS.map((name) => [name]))('dist/opencc-%s.bin', (name) => {
  it('holds exactly the automaton compiled in the process: the same tables, the same output', () => {
    const read = readPhrasesArtifact(shipped(name), name);
    const compiled = compilePhrases(name);
    expect(sameParts(read.parts(), compiled.parts())).toEqual([]);
    // The seeds in traditional characters too, for the configurations that read those.
    const s2t = compilePhrases('s2t');
    for (const text of [...CASES, ...SEEDS, ...SEEDS.map((s) => s2t.convert(s))]) expect(read.convert(text)).toBe(compiled.convert(text));
  });

  it('is what the process loads', () => {
    expect(loadPhrases(name, join(ROOT, `dist/opencc-${name}.bin`)).from).toBe('artifact');
  });
});

it('tells two configurations apart (the comparison above is not blind)', () => {
  expect(sameParts(readPhrasesArtifact(shipped('hk2s'), 'hk2s').parts(), compilePhrases('tw2sp').parts())).not.toEqual([]);
});

describe('a damaged or stale OpenCC artifact', () => {
  const good = shipped('tw2sp');
  const flipped = Buffer.from(good);
  flipped[good.length >> 1] = flipped[good.length >> 1]! ^ 0x10;
  const stale = phrasesArtifact(compilePhrases('tw2sp'), 'tw2sp', '1.4.1');

  it.each([
    ['truncated', good.subarray(0, good.length - 4096), 'checksum mismatch (truncated or changed)'],
    ['with one bit flipped', flipped, 'checksum mismatch (truncated or changed)'],
    ['of another configuration', shipped('hk2s'), 'holds OpenCC config hk2s, not tw2sp'],
    ['compiled from another opencc-js', stale, `was compiled from opencc-js 1.4.1, not the installed ${openccVersion()}`],
  ])('is refused when %s, with the reason, and compiled around', (_what, bytes, reason) => {
    expect(() => readPhrasesArtifact(bytes, 'tw2sp')).toThrow(ArtifactRefused);
    expect(() => readPhrasesArtifact(bytes, 'tw2sp')).toThrow(reason);
    const file = join(tempDir(), 'opencc-tw2sp.bin');
    writeFileSync(file, bytes);
    const loaded = loadPhrases('tw2sp', file);
    expect(loaded.from).toBe('compiled');
    expect(loaded.automaton.convert('這個軟體的資料庫')).toBe('这个软件的数据库');
  });

  it('is refused when its checksum holds but its tables do not fit its header', () => {
    const { meta, arrays } = unpackArtifact(good, 'opencc-phrases-v2');
    const m = meta as { trie: { mask: number } };
    const lying = packArtifact('opencc-phrases-v2', { ...m, trie: { ...m.trie, mask: m.trie.mask * 2 + 1 } }, arrays as Parameters<typeof packArtifact>[2]);
    expect(() => readPhrasesArtifact(lying, 'tw2sp')).toThrow('has tables of the wrong size');
  });

  it('is compiled around when there is no file', () => {
    expect(loadPhrases('tw2sp', join(tempDir(), 'missing.bin')).from).toBe('compiled');
  });
});
