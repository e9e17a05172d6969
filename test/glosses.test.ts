import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 5: glosses. Each row is a sentence written for this test, the
 * target and the output expected by hand.
 */
interface Row {
  readonly text: string;
  readonly target: string;
  readonly expected: string;
}

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

function check(rows: readonly Row[]): void {
  it.each(rows)('$target: $text', (row) => {
    expect(canonicalize(store.glossary, row.text, { target: target(row.target) }).text).toBe(row.expected);
  });
}

describe('a gloss after a noun phrase that ends in a mention collapses as after the mention itself', () => {
  check([
    { text: '奥巴马政府(Barack Obama,欧巴马)时期的做法较为宽松。', target: 'zh-CN', expected: '奥巴马政府(Barack Obama)时期的做法较为宽松。' },
    { text: '奥巴马政府(Barack Obama,欧巴马)时期的做法较为宽松。', target: 'zh-TW', expected: '歐巴馬政府(Barack Obama)时期的做法较为宽松。' },
    { text: '奥巴马政府(Barack Obama,欧巴马)时期的做法较为宽松。', target: 'en', expected: 'Obama政府时期的做法较为宽松。' },
    { text: '輝達集團（NVIDIA，英伟达）今天公布季度營收。', target: 'zh-CN', expected: '英伟达集團（NVIDIA）今天公布季度營收。' },
    { text: '輝達集團（NVIDIA，英伟达）今天公布季度營收。', target: 'zh-TW', expected: '輝達集團（NVIDIA）今天公布季度營收。' },
    { text: '輝達集團（NVIDIA，英伟达）今天公布季度營收。', target: 'en', expected: 'NVIDIA集團今天公布季度營收。' },
    { text: '台積電團隊（TSMC）上月抵達工地。', target: 'zh-CN', expected: '台积电團隊（TSMC）上月抵達工地。' },
    { text: '台積電團隊（TSMC）上月抵達工地。', target: 'en', expected: 'TSMC團隊上月抵達工地。' },
    // Parts that drop one after another at the front of a gloss leave no trace.
    { text: '歐巴馬(歐巴馬,欧巴马,Barack Obama)', target: 'zh-CN', expected: '奥巴马(Barack Obama)' },
    { text: '歐巴馬(歐巴馬,欧巴马,Barack Obama)', target: 'en', expected: 'Obama' },
  ]);
});

describe('a gloss after a space, as Chinese text with Latin punctuation writes it, is a gloss', () => {
  check([
    { text: '台積電 (TSMC) 公布營收。', target: 'zh-CN', expected: '台积电 (TSMC) 公布營收。' },
    { text: '台積電 (TSMC) 公布營收。', target: 'zh-TW', expected: '台積電 (TSMC) 公布營收。' },
    // Dropped whole, the gloss takes the space before it along.
    { text: '台積電 (TSMC) 公布營收。', target: 'en', expected: 'TSMC 公布營收。' },
    { text: '高效能運算 (HPC) 的需求大增。', target: 'zh-CN', expected: '高性能计算 (HPC) 的需求大增。' },
    // In English an abbreviation beside the name spelled out stays; one that is the English name goes.
    { text: '高效能運算 (HPC) 的需求大增。', target: 'en', expected: 'high-performance computing (HPC) 的需求大增。' },
    { text: '台積電（TSMC）公布營收。', target: 'en', expected: 'TSMC公布營收。' },
    { text: '《台積電》 (TSMC)報告', target: 'en', expected: '《TSMC》報告' },
    // In English the parenthesis after a space is the author's: nothing in it is dropped.
    { text: 'Shares of Nvidia (NVIDIA) rose on Monday.', target: 'zh-CN', expected: 'Shares of Nvidia (NVIDIA) rose on Monday.' },
  ]);
});

describe('a part that talks about the name keeps its variant as written', () => {
  check([
    { text: '特朗普（Donald Trump，又譯川普）週二簽署行政命令。', target: 'zh-CN', expected: '特朗普（Donald Trump，又譯川普）週二簽署行政命令。' },
    { text: '特朗普（Donald Trump，又譯川普）週二簽署行政命令。', target: 'zh-TW', expected: '川普（Donald Trump，又譯川普）週二簽署行政命令。' },
    { text: '特朗普（Donald Trump，又譯川普）週二簽署行政命令。', target: 'en', expected: 'Trump（又譯川普）週二簽署行政命令。' },
    { text: '英伟达（NVIDIA，台译辉达）', target: 'zh-TW', expected: '輝達（NVIDIA，台译辉达）' },
    { text: '華為（Huawei，舊譯華爲）', target: 'zh-CN', expected: '华为（Huawei，舊譯華爲）' },
    { text: '華為（Huawei，舊譯華爲）', target: 'en', expected: 'Huawei（舊譯華爲）' },
    // After a space, not a comma: the name, then the variant it cites.
    { text: '美國總統川普(Donald Trump 又譯“特朗普”)週三抵達東京。', target: 'zh-TW', expected: '美國總統川普(Donald Trump 又譯“特朗普”)週三抵達東京。' },
    { text: '美國總統特朗普(Donald Trump 又譯“川普”)週三抵達東京。', target: 'zh-CN', expected: '美国總統特朗普(Donald Trump 又譯“川普”)週三抵達東京。' },
  ]);

  it('reports the mention inside it, replaced by itself', () => {
    const { mentions } = canonicalize(store.glossary, '特朗普（Donald Trump，又譯川普）', { target: target('zh-CN') });
    expect(mentions.at(-1)).toEqual({ start: 19, end: 21, surface: '川普', entityId: 'donald-trump', replacement: '川普', decided: 'gloss' });
  });
});

describe('a gloss after a form the glossary lacks does not write the canonical name twice', () => {
  check([
    { text: '杜林普(Donald Trump，川普)說他會贏。', target: 'zh-CN', expected: '杜林普(Donald Trump，特朗普)說他會贏。' },
    { text: '杜林普(Donald Trump，川普)說他會贏。', target: 'zh-TW', expected: '杜林普(Donald Trump，川普)說他會贏。' },
    { text: '杜林普(Donald Trump，川普)說他會贏。', target: 'en', expected: '杜林普(Donald Trump)說他會贏。' },
    { text: '这家半导体巨头（NVIDIA）', target: 'zh-CN', expected: '这家半导体巨头（NVIDIA）' },
    { text: '奥巴马时代的那届政府(Barack Obama)', target: 'zh-TW', expected: '歐巴馬时代的那届政府(Barack Obama)' },
    { text: '奥巴马时代的那届政府(Barack Obama)', target: 'en', expected: 'Obama时代的那届政府(Barack Obama)' },
  ]);
});
