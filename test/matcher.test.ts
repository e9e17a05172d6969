import { describe, expect, it } from 'vitest';
import { foldText } from '../src/fold.ts';
import { Matcher } from '../src/match/matcher.ts';

/** A matcher whose entity ids are the patterns themselves. */
function matcherOf(patterns: string[]): Matcher {
  return Matcher.compile(
    patterns.map((p) => ({ entityId: p, key: foldText(p), type: 'name' as const, form: 'preferred' as const, latin: /^[A-Za-z ]+$/.test(p), ambiguity: null })),
  );
}

function found(patterns: string[], haystack: string): Array<[string, number, number]> {
  const m = matcherOf(patterns);
  const hits = m.scan(haystack);
  return Array.from({ length: hits.length }, (_, i) => [m.candidates(hits.keys[i]!)[0]!.entityId, hits.starts[i]!, hits.ends[i]!]);
}

describe('Matcher.scan', () => {
  const cases: Array<{ name: string; patterns: string[]; haystack: string; matches: Array<[string, number, number]> }> = [
    { name: 'leftmost-longest: 北京大学 over 北京', patterns: ['北京', '北京大学'], haystack: '在北京大学读书', matches: [['北京大学', 1, 5]] },
    { name: 'the shorter name where the longer does not continue', patterns: ['北京', '北京大学'], haystack: '北京大雨', matches: [['北京', 0, 2]] },
    { name: 'Latin names only at word edges', patterns: ['Meta'], haystack: 'Metadata, Meta, meta-data', matches: [['Meta', 10, 14], ['Meta', 16, 20]] },
    { name: 'H20 is not found inside H200', patterns: ['H20', 'H200'], haystack: 'H200与H20', matches: [['H200', 0, 4], ['H20', 5, 8]] },
    { name: 'a Latin name next to Chinese characters', patterns: ['NVIDIA', 'H200'], haystack: '辉达(NVIDIA)H200芯片', matches: [['NVIDIA', 3, 9], ['H200', 10, 14]] },
    { name: 'case and width do not matter', patterns: ['NVIDIA'], haystack: 'nvidia ＮＶＩＤＩＡ', matches: [['NVIDIA', 0, 6], ['NVIDIA', 7, 13]] },
    { name: 'scripts and mixed scripts', patterns: ['黄仁勋'], haystack: '黃仁勳、黄仁勋、黃仁勋', matches: [['黄仁勋', 0, 3], ['黄仁勋', 4, 7], ['黄仁勋', 8, 11]] },
    { name: 'middle dots are one', patterns: ['唐纳德·特朗普'], haystack: '唐納德‧特朗普', matches: [['唐纳德·特朗普', 0, 7]] },
    { name: 'matches do not overlap', patterns: ['英伟达', '伟达公司'], haystack: '英伟达公司', matches: [['英伟达', 0, 3]] },
    { name: 'nothing in an empty text', patterns: ['英伟达'], haystack: '', matches: [] },
    { name: 'a name at the very end', patterns: ['AMD'], haystack: '如AMD', matches: [['AMD', 1, 4]] },
    { name: 'characters beyond the BMP', patterns: ['𠮷野家'], haystack: '去𠮷野家', matches: [['𠮷野家', 1, 5]] },
  ];
  it.each(cases)('$name', ({ patterns, haystack, matches }) => {
    expect(found(patterns, haystack)).toEqual(matches);
  });

  it('compiles and scans a large pattern set', () => {
    const patterns = Array.from({ length: 20_000 }, (_, i) => `名${i.toString(36)}号`);
    const m = matcherOf(patterns);
    const hits = m.scan('前名zz号后名0号');
    expect([...hits.keys].map((k) => m.candidates(k)[0]!.entityId)).toEqual(['名zz号', '名0号']);
  });
});
