import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinyinQuery } from '../src/lookup.ts';

describe('pinyinQuery', () => {
  it.each([
    ['hui4 da2', 'huida'],
    ['Hui Da', 'huida'],
    ["Xi'an", 'xian'],
    ['Ying-wei-da', 'yingweida'],
    ['Huì Dá', 'huida'],
    ['lu:', 'lv'],
    ['nǚ', 'nv'],
    ['hui\nda', 'huida'],
    ['hui’da', 'huida'],
  ])('reads %j as %j', (query, pinyin) => {
    expect(pinyinQuery(query)).toBe(pinyin);
  });

  it.each(['輝達', 'h0', 'hui6', '123', '', ' ', 'nvidia!'])('takes %j for no pinyin', (query) => {
    expect(pinyinQuery(query)).toBeUndefined();
  });

  it('reads typed pinyin as the rules for any pinyin do', () => {
    // The rules, as written out step by step: marks off (ü as v), tone digits and separators dropped.
    const rules = (q: string) => {
      const plain = q.normalize('NFD').replace(/[uU]\u0308/g, 'v').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[1-5]/g, '').replace(/[\s'’-]/g, '').replace(/u:/g, 'v');
      return /^[a-z]+$/.test(plain) ? plain : undefined;
    };
    const typed = fc.string({ unit: fc.constantFrom(...'aBuVz0159 \t\'-:ü’\n'.split('')), maxLength: 12 });
    fc.assert(fc.property(typed, (q) => pinyinQuery(q) === rules(q)));
  });
});
