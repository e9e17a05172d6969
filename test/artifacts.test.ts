// Compiled artifacts: tables a process reads at start instead of computing them. A
// stale or damaged one is refused with the reason, never used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactRefused, arrayOf, packArtifact, unpackArtifact } from '../src/binary-artifact.ts';
import { lexiconDigest } from '../src/db/lexicon-repository.ts';
import { readLexicon } from '../src/glossary/lexicon.ts';
import { Lexicon } from '../src/match/lexicon.ts';
import { ROOT } from './helpers.ts';

describe('a binary artifact', () => {
  const arrays = { a: Int32Array.from([1, -2, 3]), b: Uint8Array.from([7]), c: Float64Array.from([0.5, -1e300]) };
  const bytes = packArtifact('test-v1', { n: 42 }, arrays);

  it('gives back its meta and arrays, each of its own type', () => {
    const { meta, arrays: read } = unpackArtifact(bytes, 'test-v1');
    expect(meta).toEqual({ n: 42 });
    expect([...arrayOf(read, 'a', Int32Array)]).toEqual([1, -2, 3]);
    expect([...arrayOf(read, 'b', Uint8Array)]).toEqual([7]);
    expect([...arrayOf(read, 'c', Float64Array)]).toEqual([0.5, -1e300]);
    expect(() => arrayOf(read, 'a', Float64Array)).toThrow('has no Float64Array a');
  });

  it('reads from a buffer at an odd offset (it copies rather than misalign)', () => {
    const odd = Buffer.concat([Buffer.from([0]), bytes]).subarray(1);
    expect([...arrayOf(unpackArtifact(odd, 'test-v1').arrays, 'a', Int32Array)]).toEqual([1, -2, 3]);
  });

  it.each([
    ['truncated', bytes.subarray(0, bytes.length - 3), 'checksum mismatch'],
    ['cut inside its header', bytes.subarray(0, 20), 'truncated'],
    ['one bit changed', Buffer.from(bytes).fill(bytes[bytes.length - 1]! ^ 1, bytes.length - 1), 'checksum mismatch'],
    ['not an artifact', Buffer.from('hello, world, this is text'), 'no magic'],
    ['empty', Buffer.alloc(0), 'no magic'],
  ])('is refused when %s', (_what, damaged, reason) => {
    expect(() => unpackArtifact(damaged, 'test-v1')).toThrow(ArtifactRefused);
    expect(() => unpackArtifact(damaged, 'test-v1')).toThrow(reason);
  });

  it('is refused as another kind or version', () => {
    expect(() => unpackArtifact(bytes, 'test-v2')).toThrow('holds test-v1, not test-v2');
  });
});

/** The same parts: numbers equal, typed arrays byte for byte (toEqual takes minutes on 30 MB). */
function sameParts(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return Object.keys(x).length === Object.keys(y).length && Object.keys(x).every((k) => {
    const p = x[k];
    const q = y[k];
    if (ArrayBuffer.isView(p) && ArrayBuffer.isView(q)) return p.constructor === q.constructor && Buffer.from(p.buffer, p.byteOffset, p.byteLength).equals(Buffer.from(q.buffer, q.byteOffset, q.byteLength));
    return p === q;
  });
}

describe('the compiled lexicon (dist/lexicon.bin)', () => {
  const packed = readLexicon();
  const digest = lexiconDigest(packed);
  const stored = { ...packed, digest };
  const compiled = Lexicon.compile(packed);

  it('holds exactly the tables compiling gives', () => {
    const read = Lexicon.fromArtifact(compiled.artifact(digest), stored);
    expect(read.longest).toBe(compiled.longest);
    expect(sameParts({ wordLog: read.wordLog, charLog: read.charLog }, { wordLog: compiled.wordLog, charLog: compiled.charLog })).toBe(true);
    expect(sameParts(read.words.parts(), compiled.words.parts())).toBe(true);
    expect(sameParts(read.pairs.parts(), compiled.pairs.parts())).toBe(true);
    expect(sameParts(read.words.parts(), Lexicon.compile({ ...packed, words: packed.words.replace('普通话', '普通活') }).words.parts())).toBe(false);
    for (const word of ['普通话', '四川', '中东部', '高通胀', '不是一个词']) expect(read.logOf(word)).toBe(compiled.logOf(word));
    for (const [a, b] of [['四', '川'], ['川', '普'], ['普', '通']] as const) {
      expect(read.mayStartWith(a.charCodeAt(0), b.charCodeAt(0))).toBe(compiled.mayStartWith(a.charCodeAt(0), b.charCodeAt(0)));
      expect(read.offsetsOf(a.charCodeAt(0), b.charCodeAt(0))).toBe(compiled.offsetsOf(a.charCodeAt(0), b.charCodeAt(0)));
    }
  });

  it('is what npm run compile wrote, for the lexicon a build stores', () => {
    const file = readFileSync(join(ROOT, 'dist/lexicon.bin'));
    expect(sameParts(Lexicon.fromArtifact(file, stored).words.parts(), compiled.words.parts())).toBe(true);
  });

  it('is refused for a store that holds another lexicon (a stale artifact)', () => {
    expect(() => Lexicon.fromArtifact(compiled.artifact(digest), { ...packed, digest: 'another' })).toThrow(`compiled from another lexicon (${digest}, the store holds another)`);
  });

  it('is refused when damaged', () => {
    const bytes = compiled.artifact(digest);
    expect(() => Lexicon.fromArtifact(bytes.subarray(0, bytes.length >> 1), stored)).toThrow(ArtifactRefused);
  });
});
