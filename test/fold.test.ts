import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldTable, foldTableFile, foldText, isLatinName, isWordUnit, readFoldTable } from '../src/fold.ts';
import { readScriptTable, scriptTableFile } from '../src/region.ts';
import { ROOT, tempDir } from './helpers.ts';

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

describe('isWordUnit', () => {
  // The scan asks it of folded units, the rewrite of the text's own: they must agree.
  it('says the same of every unit and its folded form', () => {
    const table = foldTable();
    const disagree: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isWordUnit(c) !== isWordUnit(table[c]!)) disagree.push(c.toString(16));
    expect(disagree).toEqual([]);
  });

  it.each([
    ['A', true], ['ễ', true], ['Ɠ', true], ['ɠ', true], ['ß', true], ['７', true],
    ['·', false], ['英', false], ['×', false], [' ', false],
  ])('%s -> %s', (unit, word) => expect(isWordUnit(unit.charCodeAt(0))).toBe(word));
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

describe('fold-table.bin (the compiled processes read it rather than build the table)', () => {
  const file = join(tempDir(), 'fold-table.bin');
  const bytes = foldTableFile();
  writeFileSync(file, bytes);

  it('holds the same table the source builds', () => {
    const read = readFoldTable(file)!;
    expect(read).toBeDefined();
    expect(read['輝'.charCodeAt(0)]).toBe('辉'.charCodeAt(0));
    expect(read['Ａ'.charCodeAt(0)]).toBe('a'.charCodeAt(0));
    expect(Buffer.from(read.buffer).equals(Buffer.from(foldTable().buffer))).toBe(true);
  });

  it('is what npm run compile wrote into dist/', () => {
    expect(readFileSync(join(ROOT, 'dist/fold-table.bin')).equals(bytes)).toBe(true);
  });

  it('is not used when truncated, changed or missing: the table is built instead', () => {
    const truncated = join(tempDir(), 'fold-table.bin');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
    expect(readFoldTable(truncated)).toBeUndefined();
    const changed = Buffer.from(bytes);
    changed[100] = changed[100]! ^ 1;
    const flipped = join(tempDir(), 'fold-table.bin');
    writeFileSync(flipped, changed);
    expect(readFoldTable(flipped)).toBeUndefined();
    expect(readFoldTable(join(tempDir(), 'none.bin'))).toBeUndefined();
  });
});

describe('script-table.bin (which characters mark a text as simplified or traditional)', () => {
  const bytes = scriptTableFile();

  it('is what npm run compile wrote into dist/, and is read back whole', () => {
    expect(readFileSync(join(ROOT, 'dist/script-table.bin')).equals(bytes)).toBe(true);
    const table = readScriptTable(join(ROOT, 'dist/script-table.bin'))!;
    // 輝 is traditional, 辉 simplified, 台 neither (Hong Kong writes it), A neither.
    expect(['輝', '辉', '台', 'A'].map((c) => table[c.charCodeAt(0)])).toEqual([1, 2, 0, 0]);
  });

  it('is not used when truncated or changed', () => {
    const truncated = join(tempDir(), 'script-table.bin');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
    expect(readScriptTable(truncated)).toBeUndefined();
    const changed = Buffer.from(bytes);
    changed[200] = changed[200]! ^ 1;
    const flipped = join(tempDir(), 'script-table.bin');
    writeFileSync(flipped, changed);
    expect(readScriptTable(flipped)).toBeUndefined();
  });
});
