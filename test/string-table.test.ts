// A StringTable read from an artifact answers from its units until it has been read
// from often, then from the decoded whole: every answer must be the same either way.
import { describe, expect, it } from 'vitest';
import { readTable, StringTable } from '../src/string-table.ts';
import { unitsOf } from '../src/utf16.ts';

const strings = ['', 'a', 'ab', 'abc', 'b', 'huida', 'nvidia', '特朗普', '特朗普政府', '英伟达', '輝達', '\u{20BB7}吉', 'z'].sort();

function fromArtifact(list: readonly string[]): StringTable {
  const table = StringTable.of(list);
  return readTable(unitsOf(table.all), table.offsets);
}

function answers(table: StringTable) {
  const probes = ['', 'a', 'ab', 'abd', 'hu', 'nvidia', 'nvidiaa', '特朗', '特朗普', '特朗普政', '輝', '\u{20BB7}', 'zz', '\uffff'];
  return {
    size: table.size,
    at: Array.from({ length: table.size }, (_, i) => table.at(i)),
    lengthAt: Array.from({ length: table.size }, (_, i) => table.lengthAt(i)),
    indexOf: probes.map((p) => table.indexOf(p)),
    lowerBound: probes.map((p) => table.lowerBound(p)),
    startsWith: probes.map((p) => Array.from({ length: table.size }, (_, i) => table.startsWithAt(i, p))),
  };
}

describe('a string table read from an artifact', () => {
  it('answers as the table it was stored from, strings read one by one', () => {
    const expected = answers(StringTable.of(strings));
    expect(expected.indexOf).toEqual([0, 1, 2, -1, -1, 6, -1, -1, 8, -1, -1, -1, -1, -1]);
    expect(answers(fromArtifact(strings))).toEqual(expected);
  });

  it('answers the same once read from often enough to be decoded whole', () => {
    const table = fromArtifact(strings);
    const expected = answers(StringTable.of(strings));
    for (let i = 0; i < 10_000; i++) table.at(i % table.size);
    expect(answers(table)).toEqual(expected);
    expect(table.all).toBe(strings.join(''));
    expect(table.positions().get('特朗普')).toBe(strings.indexOf('特朗普'));
  });

  it('keeps a lone surrogate unit for unit', () => {
    const odd = ['\ud800', 'a\udc00b'].sort();
    const table = fromArtifact(odd);
    expect([table.at(0), table.at(1)]).toEqual(odd);
    expect(table.indexOf('a\udc00b')).toBe(odd.indexOf('a\udc00b'));
  });
});
