import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import type { GlossaryRows } from '../src/db/glossary-repository.ts';
import { foldText, isWordUnit } from '../src/fold.ts';
import { TARGET_TAGS } from '../src/locale.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

let store: TestStore;
let names: string[];
let rows: GlossaryRows;

beforeAll(async () => {
  store = await buildTestStore(false);
  rows = await store.glossary.rows();
  names = rows.names.map((n) => n.text);
});

/** Any UTF-16 string, lone surrogates and control characters included. */
const units = (maxLength = 60) => fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes));

/**
 * Text that is mostly glossary names, in any case and width, between random pieces:
 * what gives the matcher and the rewriting the most to do. No parentheses, so no
 * gloss is collapsed and every change to the text is a mention's.
 */
const newsText = () =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names).map((n) => n.toUpperCase()),
        fc.constantFrom(...names).map((n) => n.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))),
        fc.constantFrom('的', '和', ' ', '，', 'x', '8', '𠮷', '\n', '\ud800', '·', '・', 'Meta', 'data'),
        units(4),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('').replace(/[(（]/g, '['));

describe('property: canonicalize', () => {
  it('never throws; mentions are in order, inside the input, and the text outside them is unchanged', () => {
    fc.assert(
      fc.property(newsText(), fc.constantFrom(...TARGET_TAGS), fc.boolean(), (text, tag, keepLatin) => {
        const result = canonicalize(store.glossary, text, { target: target(tag), keepLatin });
        const points = Array.from(text);
        // Code-point offsets back to UTF-16 offsets.
        const at = (cp: number) => points.slice(0, cp).join('').length;
        let expected = '';
        let last = 0;
        let previousEnd = 0;
        for (const m of result.mentions) {
          expect(m.start).toBeGreaterThanOrEqual(previousEnd);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(points.length);
          expect(points.slice(m.start, m.end).join('')).toBe(m.surface);
          previousEnd = m.end;
          const start = at(m.start);
          // The one change allowed besides names: a space where a Latin name would touch a letter or digit.
          const between = text.slice(last, start);
          if (between !== '' && isWordUnit(expected.charCodeAt(expected.length - 1)) && isWordUnit(between.charCodeAt(0)) && last > 0 && m !== result.mentions[0]) expected += ' ';
          expected += between;
          if (m.replacement !== '' && isWordUnit(expected.charCodeAt(expected.length - 1)) && isWordUnit(m.replacement.charCodeAt(0))) expected += ' ';
          expected += m.replacement;
          last = at(m.end);
        }
        const tail = text.slice(last);
        if (tail !== '' && result.mentions.length > 0 && isWordUnit(expected.charCodeAt(expected.length - 1)) && isWordUnit(tail.charCodeAt(0))) expected += ' ';
        expected += tail;
        expect(result.text).toBe(expected);
      }),
      // Counterexamples found by earlier runs, kept: Ɠ folds to ɠ, which the scan once took for no letter.
      { numRuns: 400, examples: [['ƓUS National Security Council', 'zh-CN', true]] },
    );
  });
});

describe('property: canonicalize as JSON', () => {
  it('writes exactly what JSON.stringify writes for the same result, glosses and lone surrogates included', () => {
    const withGlosses = newsText().map((t) => t.replace(/\[/g, '(').replace(/,/g, ')'));
    fc.assert(
      fc.property(fc.oneof(newsText(), withGlosses), fc.constantFrom(...TARGET_TAGS), (text, tag) => {
        const result = canonicalize(store.glossary, text, { target: target(tag) });
        expect(result.json()).toBe(JSON.stringify(result));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a dropped gloss part with an empty replacement', () => {
    const result = canonicalize(store.glossary, '辉达(英伟达)发布新品', { target: target('zh-CN') });
    expect(JSON.parse(result.json()).mentions.map((m: { replacement: string }) => m.replacement)).toEqual(['英伟达', '']);
    expect(result.json()).toBe(JSON.stringify(result));
  });
});

describe('property: folding', () => {
  it('keeps the length of any string, and folding twice changes nothing more', () => {
    fc.assert(
      fc.property(units(200), (text) => {
        const once = foldText(text);
        expect(once.length).toBe(text.length);
        expect(foldText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: lookup', () => {
  it('finds a name of five or more letters through any one typo, as the edit distance says', () => {
    // The cheap character filter before the edit distance must never rule out a name in reach.
    const latin = [...new Set(rows.names.filter((n) => /^[A-Za-z]{5,}$/.test(n.text)).map((n) => n.text))];
    const edit = fc.record({ name: fc.constantFrom(...latin), at: fc.nat(), op: fc.constantFrom('substitute', 'insert', 'delete', 'swap'), letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz') });
    fc.assert(
      fc.property(edit, ({ name, at, op, letter }) => {
        const i = at % name.length;
        const typo =
          op === 'substitute' ? name.slice(0, i) + letter + name.slice(i + 1)
          : op === 'insert' ? name.slice(0, i) + letter + name.slice(i)
          : op === 'delete' ? name.slice(0, i) + name.slice(i + 1)
          : i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
        const entityIds = rows.names.filter((n) => n.text === name).map((n) => n.entityId);
        const found = store.glossary.lookup.lookup(typo, 100).map((h) => h.entityId);
        expect(found).toEqual(expect.arrayContaining(entityIds));
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: every endpoint answers bad input with a 4xx, never a 5xx', () => {
  const bodies = fc.oneof(
    fc.json(),
    fc.anything().map((v) => {
      try {
        return JSON.stringify(v) ?? 'null';
      } catch {
        return '{}';
      }
    }),
    fc.record({ text: units(), to: fc.oneof(fc.constantFrom(...TARGET_TAGS), units(6)), from: units(6), keepLatin: fc.anything(), convert: fc.anything() }).map((o) => JSON.stringify(o)),
    fc.record({ id: units(12), kind: units(8), names: fc.dictionary(units(6), fc.oneof(units(), fc.constant(null))), aliases: fc.array(units(8)) }).map((o) => JSON.stringify(o)),
    fc.record({ segments: fc.dictionary(fc.constantFrom('zh-CN', 'en', 'zh-TW', 'xx', ''), units()), notes: fc.anything() }).map((o) => JSON.stringify(o)),
    units(40),
  );
  const writes: [string, string][] = [
    ['POST', '/v1/canonicalize'],
    ['POST', '/v1/tm/lookup'],
    ['POST', '/v1/entities'],
    ['PUT', '/v1/entities/nvidia'],
    ['PATCH', '/v1/entities/nvidia'],
    ['POST', '/v1/entities/nvidia/restore'],
    ['POST', '/v1/tm/units'],
    ['PUT', '/v1/tm/units/1'],
  ];

  it('bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), bodies, async ([method, path], body) => {
        const res = await store.app.request(path, { method, headers: { ...store.auth, 'content-type': 'application/json' }, body });
        expect(res.status, `${method} ${path} ${body}`).toBeLessThan(500);
        expect(res.headers.get('content-type') ?? '').toContain('application/json');
      }),
      { numRuns: 300 },
    );
  });

  it('queries and paths', async () => {
    const paths = fc.constantFrom('/v1/lookup?q=', '/v1/lookup?limit=3&q=', '/v1/entities/', '/v1/entities?cursor=', '/v1/entities?kind=', '/v1/tm/search?q=', '/v1/tm/units/', '/v1/export?format=', '/v1/entities/nvidia/history?x=');
    await fc.assert(
      fc.asyncProperty(paths, units(30), async (path, value) => {
        const res = await store.app.request(path + encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')));
        expect(res.status, `${path}${value}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
