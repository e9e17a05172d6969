import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { sliceEnds } from '../src/text-slices.ts';
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
    // Done in one piece, the big request leaves the loop a handful of turns; in slices,
    // one turn per slice of text and per 4,096 mentions (62 + 123).
    expect(healthy).toBeGreaterThan(150);
    const answer = JSON.parse(body) as { text: string; mentions: Array<{ start: number; end: number; surface: string; entityId: string; replacement: string }> };
    expect(answer.text).toBe('特朗普'.repeat(500_000));
    expect(answer.mentions.length).toBe(500_000);
    expect(answer.mentions[0]).toEqual({ start: 0, end: 2, surface: '川普', entityId: 'donald-trump', replacement: '特朗普' });
    expect(answer.mentions[499_999]).toEqual({ start: 999_998, end: 1_000_000, surface: '川普', entityId: 'donald-trump', replacement: '特朗普' });
  }, 60_000);

  it('canonicalizes a long text in slices, a turn each, and answers exactly what the whole text at once gives', async () => {
    const article = ['美国总统川普(Donald Trump)表示,将允许辉达H200晶片出口。', '輝達(NVIDIA,英偉達)执行长黃仁勋说，资料中心需要更多晶片！', '𠮷野家和NVIDIA的人工智慧', ''].join('\n');
    const cases: Array<[string, string, Record<string, boolean>]> = [
      // Whole lines per slice.
      ['lines', article.repeat(600), {}],
      ['lines, converted', article.repeat(600), { convert: true }],
      ['lines, Latin kept', article.repeat(600), { keepLatin: true }],
      // One line: slices end after a sentence.
      ['one line', article.replace(/\n/g, '').repeat(600), {}],
      // No line or sentence end at all: slices end mid-line, where two Latin names
      // meet (川普川普 -> Trump Trump) and between the halves of no surrogate pair.
      ['names only', '川普'.repeat(20_000), {}],
      ['astral', '𠮷川普'.repeat(10_000), {}],
    ];
    for (const [name, text, flags] of cases) {
      for (const to of ['zh-CN', 'zh-TW', 'en']) {
        const slices = sliceEnds(text, 16 * 1024).length;
        expect(slices, name).toBeGreaterThan(1);
        let done = false;
        const answer = post({ text, to, ...flags }).then(async (res) => ({ status: res.status, body: await res.text() }));
        void answer.then(() => (done = true));
        let turns = 0;
        for (; !done; turns++) await nextTurn();
        const { status, body } = await answer;
        expect(status).toBe(200);
        // At least a turn of the loop per slice: it was made in slices.
        expect(turns, `${name} to ${to}`).toBeGreaterThanOrEqual(slices);
        const want = canonicalize(store.keeper.current(), text, { target: target(to), ...flags }).json();
        expect(body === want, `${name} to ${to}`).toBe(true);
      }
    }
  }, 120_000);
});

describe('sliceEnds', () => {
  it('ends slices after a line where it can, else after a sentence, else at the limit outside a surrogate pair', () => {
    expect(sliceEnds('第一行\n第二行', 5)).toEqual([4, 7]);
    expect(sliceEnds('短', 5)).toEqual([1]);
    expect(sliceEnds('', 5)).toEqual([0]);
    expect(sliceEnds('一二。三四五六', 5)).toEqual([3, 7]);
    expect(sliceEnds('一二三四五六七', 5)).toEqual([5, 7]);
    // 𠮷 is two units; a cut at 5 would part them.
    expect(sliceEnds('一二三四𠮷五', 5)).toEqual([4, 7]);
    // The last line break within the limit wins over a sentence end after it.
    expect(sliceEnds('一\n二。三四五', 5)).toEqual([2, 7]);
  });
});
