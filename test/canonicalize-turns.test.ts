import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, canonicalizeInSteps, type CanonicalizeOptions } from '../src/canonicalize.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

const post = async (body: Record<string, unknown>): Promise<Response> => store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('a long canonicalize takes turns with other requests', () => {
  it('answers /healthz again and again while the longest text of names is canonicalized', async () => {
    // 1,000,000 characters, all names: 500,000 mentions, a 52 MB answer.
    const text = '川普'.repeat(500_000);
    let done = false;
    const big = post({ text, to: 'zh-CN' }).then(async (res) => {
      const body = await res.text();
      done = true;
      return { status: res.status, body };
    });
    // One /healthz per turn of the event loop, until the big answer is in.
    let healthy = 0;
    while (!done) {
      const res = await store.app.request('/healthz');
      if (res.status === 200) healthy++;
      await nextTurn();
    }
    const { status, body } = await big;
    expect(status).toBe(200);
    // Done in one piece, the big request leaves the loop a handful of turns; in steps,
    // one turn per step of text and per 4,096 mentions (62 + 123).
    expect(healthy).toBeGreaterThan(150);
    const answer = JSON.parse(body) as { text: string; mentions: Array<{ start: number; end: number; surface: string; entityId: string; replacement: string }> };
    expect(answer.text).toBe('特朗普'.repeat(500_000));
    expect(answer.mentions.length).toBe(500_000);
    expect(answer.mentions[0]).toEqual({ start: 0, end: 2, surface: '川普', entityId: 'donald-trump', replacement: '特朗普', decided: 'plain' });
    expect(answer.mentions[499_999]).toEqual({ start: 999_998, end: 1_000_000, surface: '川普', entityId: 'donald-trump', replacement: '特朗普', decided: 'plain' });
  }, 60_000);

  it('canonicalizes a long text in steps, a turn each, and answers exactly what the whole text at once gives', async () => {
    const article = ['美国总统川普(Donald Trump)表示,将允许辉达H200晶片出口。', '輝達(NVIDIA,英偉達)执行长黃仁勋说，资料中心需要更多晶片！', '𠮷野家和NVIDIA的人工智慧', ''].join('\n');
    const filler = '今天天气很好，我们去公园散步。\n'.repeat(1300);
    const cases: Array<[string, string, Record<string, boolean>]> = [
      // Whole lines per step.
      ['lines', article.repeat(600), {}],
      ['lines, converted', article.repeat(600), { convert: true }],
      ['lines, Latin kept', article.repeat(600), { keepLatin: true }],
      // One line: steps end after a sentence.
      ['one line', article.replace(/\n/g, '').repeat(600), {}],
      // No line or sentence end at all: steps end mid-line, where two Latin names
      // meet (川普川普 -> Trump Trump) and between the halves of no surrogate pair.
      ['names only', '川普'.repeat(20_000), {}],
      ['astral', '𠮷川普'.repeat(10_000), {}],
      // Evidence for an ambiguous name (国会: the US Congress where 美国 is near, or
      // where the text has named the US Congress) 19,000 characters from it.
      ['evidence far away', `美国国会通过法案。\n${filler}国会昨天休会。`, {}],
      // Context across the line break a step ends at.
      ['context across a step', `${'今天天气很好。'.repeat(2339)}美国众议员\n国会昨天休会。${'今天天气很好。'.repeat(100)}`, {}],
      // An English line longer than a step: a name is never cut in two.
      ['long English line', `${'a'.repeat(16_377)} Donald Trump met NVIDIA.`, {}],
    ];
    for (const [name, text, flags] of cases) {
      for (const to of ['zh-CN', 'zh-TW', 'en']) {
        const steps = Math.floor(text.length / (16 * 1024));
        expect(steps, name).toBeGreaterThan(0);
        let done = false;
        const answer = post({ text, to, ...flags }).then(async (res) => ({ status: res.status, body: await res.text() }));
        void answer.then(() => (done = true));
        let turns = 0;
        for (; !done; turns++) await nextTurn();
        const { status, body } = await answer;
        expect(status).toBe(200);
        // At least a turn of the loop per step: it was made in steps.
        expect(turns, `${name} to ${to}`).toBeGreaterThanOrEqual(steps);
        const want = canonicalize(store.keeper.current(), text, { target: target(to), ...flags }).json();
        expect(body === want, `${name} to ${to}`).toBe(true);
      }
    }
    // The cases above that hinge on the whole text: each finds what it is there for.
    const whole = (text: string) => canonicalize(store.keeper.current(), text, { target: target('zh-CN') }).mentions;
    expect(whole(cases[6]![1]).filter((m) => m.entityId === 'us-congress')).toHaveLength(2);
    expect(whole(cases[7]![1]).filter((m) => m.entityId === 'us-congress')).toHaveLength(1);
    expect(whole(cases[8]![1]).map((m) => m.surface)).toEqual(['Donald Trump', 'NVIDIA']);
  }, 180_000);
});

describe('canonicalizeInSteps', () => {
  const run = (text: string, options: CanonicalizeOptions, stepUnits: number, contextStep = 3) => {
    const steps = canonicalizeInSteps(store.keeper.current(), text, options, stepUnits, contextStep);
    let count = 0;
    let step = steps.next();
    for (; !step.done; count++) step = steps.next();
    return { result: step.value, count };
  };

  it('gives what canonicalize gives, whatever the steps, on text of names, glosses, lines and pairs of surrogates', () => {
    const piece = fc.constantFrom('川普', '特朗普', '(Donald Trump)', '辉达', '(NVIDIA,英伟达)', 'NVIDIA', '国会', '美国', '众议员', '\n', '。', ' ', 'a', 'Trump', '𠮷', '晶片', '资料中心', '今天', '(', ')', '8日');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('zh-CN', 'zh-TW', 'en'), fc.boolean(), (pieces, stepUnits, contextStep, to, keepLatin) => {
        const text = pieces.join('');
        const options = { target: target(to), keepLatin };
        expect(run(text, options, stepUnits, contextStep).result.json()).toBe(canonicalize(store.keeper.current(), text, options).json());
      }),
      { numRuns: 500 },
    );
  });

  it('converts the text as canonicalize does when steps end at line breaks', () => {
    const text = '美国总统川普表示，将允许辉达H200晶片出口。\n台积电的资料中心需要更多软体。\n'.repeat(50);
    for (const to of ['zh-TW', 'zh-CN', 'zh-HK']) {
      const options = { target: target(to), convert: true };
      const { result, count } = run(text, options, 64);
      expect(count).toBeGreaterThan(10);
      expect(result.json()).toBe(canonicalize(store.keeper.current(), text, options).json());
    }
  });
});
