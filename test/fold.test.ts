import { describe, expect, it } from 'vitest';
import { foldText, isLatinName } from '../src/fold.ts';

describe('foldText', () => {
  it.each([
    ['traditional to simplified', '輝達', '辉达'],
    ['mixed scripts inside one name', '黃仁勋', '黄仁勋'],
    ['Hong Kong variant characters', '綫', '线'],
    ['full-width Latin and digits', 'ＮＶＩＤＩＡ Ｈ２００', 'nvidia h200'],
    ['letter case', 'nVidia', 'nvidia'],
    ['every middle dot to one', '唐纳德‧川普 唐纳德•川普 唐纳德・川普', '唐纳德·川普 唐纳德·川普 唐纳德·川普'],
    ['ideographic space', '英伟达\u3000H200', '英伟达 h200'],
  ])('%s', (_name, input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('keeps length, so offsets in folded text are offsets in the input', () => {
    const text = '𠮷野家 ＮＶＩＤＩＡ 輝達‧川普 Ünïcode';
    expect(foldText(text).length).toBe(text.length);
  });

  it('leaves characters outside the BMP as they are', () => {
    expect(foldText('𠮷野家')).toBe('𠮷野家');
  });
});

describe('isLatinName', () => {
  it.each([
    ['NVIDIA', true],
    ['Donald Trump', true],
    ['ＮＶＩＤＩＡ', true],
    ['H200芯片', false],
    ['英伟达', false],
    ['2025', false],
  ])('%s -> %s', (text, latin) => expect(isLatinName(text)).toBe(latin));
});
