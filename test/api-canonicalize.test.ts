import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

async function canon(body: Record<string, unknown>) {
  const res = await store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

const SENTENCE = '美国总统川普(Donald Trump)表示,将允许辉达H200晶片出口';

describe('POST /v1/canonicalize', () => {
  it('rewrites every mention to zh-CN and reports each with code-point offsets', async () => {
    const { status, json } = await canon({ text: SENTENCE, to: 'zh-CN' });
    expect(status).toBe(200);
    expect(json.text).toBe('美国总统特朗普(Donald Trump)表示,将允许英伟达H200芯片出口');
    expect(json.mentions).toEqual([
      { start: 0, end: 2, surface: '美国', entityId: 'united-states', replacement: '美国', decided: 'plain' },
      { start: 4, end: 6, surface: '川普', entityId: 'donald-trump', replacement: '特朗普', decided: 'plain' },
      { start: 7, end: 19, surface: 'Donald Trump', entityId: 'donald-trump', replacement: 'Donald Trump', decided: 'gloss' },
      { start: 26, end: 28, surface: '辉达', entityId: 'nvidia', replacement: '英伟达', decided: 'plain' },
      { start: 28, end: 32, surface: 'H200', entityId: 'nvidia-h200', replacement: 'H200', decided: 'plain' },
      { start: 32, end: 34, surface: '晶片', entityId: 'chip', replacement: '芯片', decided: 'plain' },
    ]);
  });

  it('rewrites to zh-TW names and leaves the rest of the text alone', async () => {
    expect((await canon({ text: SENTENCE, to: 'zh-TW' })).json.text).toBe('美國总统川普(Donald Trump)表示,将允许輝達H200晶片出口');
  });

  it('rewrites to zh-HK, where NVIDIA is written in English', async () => {
    expect((await canon({ text: '辉达(NVIDIA)与英伟达', to: 'zh-HK' })).json.text).toBe('NVIDIA与NVIDIA');
  });

  it('rewrites to English, dropping glosses that only repeat the name and spacing Latin words', async () => {
    expect((await canon({ text: SENTENCE, to: 'en' })).json.text).toBe('United States总统Trump表示,将允许NVIDIA H200 chip出口');
  });

  it('drops the parts of a gloss that would repeat the canonical name and keeps Latin glosses', async () => {
    expect((await canon({ text: '特朗普(Donald Trump,川普)宣布', to: 'zh-CN' })).json.text).toBe('特朗普(Donald Trump)宣布');
    expect((await canon({ text: '辉达(NVIDIA,英伟达)的晶片', to: 'zh-CN' })).json.text).toBe('英伟达(NVIDIA)的芯片');
    expect((await canon({ text: '辉达(NVIDIA)', to: 'zh-CN' })).json.text).toBe('英伟达(NVIDIA)');
    expect((await canon({ text: '輝達（英伟达）', to: 'zh-CN' })).json.text).toBe('英伟达');
  });

  it('reports a dropped gloss mention with an empty replacement', async () => {
    const { json } = await canon({ text: '辉达(英伟达)', to: 'zh-CN' });
    expect(json.mentions).toEqual([
      { start: 0, end: 2, surface: '辉达', entityId: 'nvidia', replacement: '英伟达', decided: 'plain' },
      { start: 3, end: 6, surface: '英伟达', entityId: 'nvidia', replacement: '', decided: 'gloss' },
    ]);
  });

  it('keeps the form of a mention: full names become full names, short ones short', async () => {
    expect((await canon({ text: '唐纳德·特朗普会见黄仁勋', to: 'zh-TW' })).json.text).toBe('唐納·川普会见黃仁勳');
    expect((await canon({ text: '唐纳德·特朗普会见黄仁勋', to: 'en' })).json.text).toBe('Donald Trump会见Jensen Huang');
    expect((await canon({ text: '特朗普说', to: 'en' })).json.text).toBe('Trump说');
    expect((await canon({ text: '唐納德‧特朗普', to: 'zh-CN' })).json.text).toBe('唐纳德·特朗普');
  });

  it('matches any width, case and mixed script', async () => {
    expect((await canon({ text: 'ＮＶＩＤＩＡ與nvidia', to: 'zh-CN' })).json.text).toBe('英伟达與英伟达');
    expect((await canon({ text: '黃仁勋', to: 'zh-CN' })).json.text).toBe('黄仁勋');
  });

  it('matches Latin names only at word edges', async () => {
    const { json } = await canon({ text: 'Metadata about Meta', to: 'zh-CN' });
    expect(json.mentions.map((m: any) => [m.surface, m.start])).toEqual([['Meta', 15]]);
  });

  it('prefers the longest name', async () => {
    expect((await canon({ text: '北京大学在北京', to: 'en' })).json.text).toBe('Peking University在Beijing');
  });

  it('says how each mention was decided: by the name alone, by context, or as a gloss', async () => {
    // 寒武纪 is also the Cambrian period: near chip talk it is the company, decided by context.
    const { json } = await canon({ text: '寒武纪发布新芯片,英伟达(NVIDIA)回应', to: 'zh-TW' });
    expect(json.mentions.map((m: { surface: string; decided: string }) => [m.surface, m.decided])).toEqual([
      ['寒武纪', 'context'],
      ['芯片', 'plain'],
      ['英伟达', 'plain'],
      ['NVIDIA', 'gloss'],
    ]);
  });

  it('keeps Latin mentions as written with keepLatin', async () => {
    const { json } = await canon({ text: 'NVIDIA和辉达', to: 'zh-CN', keepLatin: true });
    expect(json.text).toBe('NVIDIA和英伟达');
    expect(json.mentions[0]).toEqual({ start: 0, end: 6, surface: 'NVIDIA', entityId: 'nvidia', replacement: 'NVIDIA', decided: 'plain' });
  });

  it('converts the rest of the text with convert', async () => {
    expect((await canon({ text: '輝達發表新軟體', to: 'zh-CN', convert: true })).json.text).toBe('英伟达发表新软件');
    expect((await canon({ text: '英伟达发布新软件', to: 'zh-TW', convert: true })).json.text).toBe('輝達釋出新軟體') // 釋出: Taiwan's word for a release;
  });

  it('serves the cross forms: Taiwan names in simplified, mainland names in traditional', async () => {
    expect((await canon({ text: '特朗普说英伟达', to: 'zh-Hans-TW' })).json.text).toBe('川普说辉达');
    expect((await canon({ text: '川普說輝達', to: 'zh-Hant-CN' })).json.text).toBe('特朗普說英偉達');
  });

  it('romanizes a person with no English name for en, family name first', async () => {
    expect((await canon({ text: '齐倩报道', to: 'en' })).json.text).toBe('Qi Qian report');
    expect((await canon({ text: '欧阳娜娜', to: 'en' })).json.text).toBe('Ouyang Nana');
  });

  it('counts offsets in code points beyond the BMP', async () => {
    const { json } = await canon({ text: '我在𠮷野家吃饭,NVIDIA', to: 'zh-CN' });
    expect(json.text).toBe('我在吉野家吃饭,英伟达');
    expect(json.mentions.map((m: any) => [m.surface, m.start, m.end])).toEqual([['𠮷野家', 2, 5], ['NVIDIA', 8, 14]]);
  });

  it('lets context decide an ambiguous name', async () => {
    expect((await canon({ text: 'Rubin芯片即将推出', to: 'zh-CN' })).json.mentions[0].entityId).toBe('nvidia-rubin');
    expect((await canon({ text: '前财长Rubin表示', to: 'zh-CN' })).json.text).toBe('前财长鲁宾表示');
    expect((await canon({ text: '天文学家Rubin发现暗物质', to: 'zh-CN' })).json.text).toBe('天文学家薇拉·鲁宾发现暗物质');
  });

  it('leaves a name with a sense the glossary does not hold alone where no context decides', async () => {
    // NVIDIA's Vera Rubin platform is not the astronomer; the Trans-Pacific Partnership is not the export-control metric.
    expect((await canon({ text: '英伟达将生产Blackwell与Vera Rubin芯片。', to: 'zh-CN' })).json.mentions.map((m: any) => m.surface)).toEqual(['英伟达', 'Blackwell', '芯片']);
    expect((await canon({ text: '天文学家Vera Rubin发现暗物质', to: 'zh-CN' })).json.text).toBe('天文学家薇拉·鲁宾发现暗物质');
    expect((await canon({ text: '日本加入了跨太平洋夥伴關係協定(TPP)。', to: 'zh-CN' })).json).toEqual({ text: '日本加入了跨太平洋夥伴關係協定(TPP)。', mentions: [] });
    expect((await canon({ text: '美国以TPP衡量芯片算力。', to: 'zh-CN' })).json.text).toBe('美国以总处理性能衡量芯片算力。');
  });

  it('takes the declared default when no context decides', async () => {
    expect((await canon({ text: 'Rubin said so', to: 'zh-TW' })).json.mentions.map((m: any) => m.entityId)).toEqual(['nvidia-rubin']);
  });

  it('leaves a name that is also a plain phrase alone without context', async () => {
    expect((await canon({ text: '一千问题', to: 'en' })).json).toEqual({ text: '一千问题', mentions: [] });
    expect((await canon({ text: '阿里的千问模型', to: 'en' })).json.text).toBe('Alibaba的Qwen模型');
  });

  it('returns an empty text unchanged', async () => {
    expect((await canon({ text: '', to: 'en' })).json).toEqual({ text: '', mentions: [] });
  });
});

describe('bad canonicalize requests', () => {
  it('names the unknown target and the valid ones', async () => {
    const { status, json } = await canon({ text: 'x', to: 'zh-JP' });
    expect(status).toBe(400);
    expect(json.error).toMatch(/^to: unknown target zh-JP \(use one of zh-CN, zh-TW, zh-HK, zh-SG, zh-MY, zh-MO, en/);
  });

  it('asks for the missing text', async () => {
    const { status, json } = await canon({ to: 'zh-CN' });
    expect(status).toBe(400);
    expect(json.error).toContain('text is required');
  });

  it('refuses unknown fields and wrong types', async () => {
    expect((await canon({ text: 'x', to: 'en', target: 'en' })).json.error).toContain('unknown field target');
    expect((await canon({ text: 'x', to: 'en', keepLatin: 'yes' })).json.error).toContain('keepLatin must be true or false');
    expect((await canon({ text: 1, to: 'en' })).json.error).toBe('text must be a string');
  });

  it('refuses control characters and lone surrogates in the text, saying where', async () => {
    const bell = await canon({ text: '辉达\u0007H200', to: 'zh-CN' });
    expect(bell.status).toBe(400);
    expect(bell.json.error).toBe('text contains the control character U+0007 at 2; remove it');
    const lone = await canon({ text: '辉达\ud800', to: 'zh-CN' });
    expect(lone.status).toBe(400);
    expect(lone.json.error).toBe("text contains a lone surrogate at 2 (not valid Unicode text); check the text's encoding");
    // Tabs, line breaks and surrogate pairs are text.
    expect((await canon({ text: '辉达\t𠮷\r\n', to: 'zh-CN' })).status).toBe(200);
  });

  it('says malformed JSON is malformed', async () => {
    const res = await store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "x",' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed JSON in the request body' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await store.app.request('/v1/canonicalize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '英'.repeat(2_000_000), to: 'en' }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error).toMatch(/over 4 MB/);
  });

  it('asks for JSON when the body is something else', async () => {
    const res = await store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).error).toContain('application/json');
  });
});

describe('canonicalize keeps text it does not rewrite', () => {
  it('copies a lone surrogate through unchanged, even with dense mentions', async () => {
    const { canonicalize } = await import('../src/canonicalize.ts');
    const { target } = await import('./helpers.ts');
    const text = '辉达\ud800辉达';
    expect(canonicalize(store.glossary, text, { target: target('zh-CN') }).text).toBe('英伟达\ud800英伟达');
  });
});
