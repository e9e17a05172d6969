import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGlossary } from '../src/glossary/read-glossary.ts';
import { CORPUS, readCorpus, STYLES } from '../scripts/precision.ts';
import { ROOT } from './helpers.ts';

/**
 * The precision corpus (test/corpus/precision.yaml) is well-formed. Only its shape:
 * how well canonicalize does on it is measured by scripts/precision.ts, not asserted.
 */
const glossary = readGlossary(join(ROOT, 'glossary'));
const entityIds = new Set(glossary.entries.map((e) => e.value.id));

describe('the precision corpus', () => {
  const corpus = readCorpus(readFileSync(CORPUS, 'utf8'), entityIds);

  it('has no problems (surfaces in their texts, known entities, unique ids)', () => {
    expect(glossary.errors).toEqual([]);
    expect(corpus.problems.map((p) => `test/corpus/precision.yaml:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('is large enough and covers every style', () => {
    expect(corpus.passages.length).toBeGreaterThanOrEqual(120);
    expect(corpus.passages.reduce((n, p) => n + p.mentions.length, 0)).toBeGreaterThanOrEqual(350);
    for (const style of STYLES) expect(corpus.passages.filter((p) => p.style === style).length, style).toBeGreaterThanOrEqual(10);
  });

  it('gives each annotation the span of its surface', () => {
    for (const p of corpus.passages) {
      const points = [...p.text];
      for (const m of p.mentions) expect(points.slice(m.start, m.end).join(''), p.id).toBe(m.surface);
    }
  });
});

describe('readCorpus reports what is wrong, by line', () => {
  const ids = new Set(['nvidia', 'donald-trump']);
  const problems = (yaml: string): string[] => readCorpus(yaml, ids).problems.map((p) => `${p.line}: ${p.message}`);

  it('accepts a good passage and resolves nth', () => {
    const yaml = [
      '- id: cn-001',
      '  style: cn',
      '  text: 四川普通话，川普说',
      '  mentions:',
      '    - { surface: 川普, entity: donald-trump, nth: 1 }',
      '  expected: { zh-CN: 四川普通话，特朗普说 }',
    ].join('\n');
    const corpus = readCorpus(yaml, ids);
    expect(corpus.problems).toEqual([]);
    expect(corpus.passages[0]!.mentions).toEqual([{ surface: '川普', entity: 'donald-trump', start: 6, end: 8 }]);
  });

  it('names unknown entities, missing surfaces, duplicate ids and a missing nth', () => {
    const yaml = [
      '- id: tw-001',
      '  style: tw',
      '  text: 輝達與川普',
      '  mentions:',
      '    - { surface: 輝達, entity: nvidya }',
      '    - { surface: 特朗普, entity: donald-trump }',
      '  expected: { zh-TW: 輝達與川普 }',
      '- id: tw-001',
      '  style: tw',
      '  text: 川普與川普',
      '  mentions:',
      '    - { surface: 川普, entity: donald-trump }',
      '  expected: { zh-TW: 川普與川普 }',
    ].join('\n');
    expect(problems(yaml)).toEqual([
      '5: entity nvidya is not in the glossary',
      '6: surface 特朗普 does not occur in the text',
      '8: duplicate passage id tw-001 (first at line 1)',
      '12: surface 川普 occurs 2 times and 1 of them are annotated: say which with nth',
    ]);
  });

  it('refuses a changed expected output for a passage with no mentions, and a bad style', () => {
    const yaml = ['- id: web-001', '  style: unrelated', '  text: 晴天', '  mentions: []', '  expected: { en: sunny }'].join('\n');
    expect(problems(yaml)).toEqual(['1: id web-001 does not start with its style unrelated-', '5: expected en differs from the text, but the passage has no mentions to change']);
  });
});
