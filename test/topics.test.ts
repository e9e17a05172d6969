import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { CSV_COLUMNS, csvRecord } from '../src/export/csv.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { UnknownTopics } from '../src/topics.ts';
import { buildTestStore, ROOT, target, tempDir, type TestStore } from './helpers.ts';

// Terms right only inside their topic (as imported from Wikipedia's IT and Movie groups), beside
// the curated glossary's IT terms (程序 -> 程式, 访问 -> 存取, 文件 -> 檔案 for zh-TW).
const TOPICS = `
- id: cache-computing
  kind: term
  names: { zh-CN: 缓存, zh-TW: 快取, en: cache }
  topics: [IT]

- id: default-setting
  kind: term
  names: { zh-CN: 默认, zh-TW: 預設, en: default }
  topics: [IT]

- id: interstellar-film
  kind: term
  names: { zh-CN: 星际穿越, zh-TW: 星際效應, zh-HK: 星際啟示錄, en: Interstellar }
  topics: [Movie]
`;

let store: TestStore;
const to = (glossary: GlossarySnapshot, text: string, tag = 'zh-TW') => canonicalize(glossary, text, { target: target(tag) }).text;

beforeAll(async () => {
  store = await buildTestStore(false, { 'topic-terms.yaml': TOPICS });
});

afterAll(async () => {
  await store.db.destroy();
});

describe('topics: terms and titles of works apply only where their topic is enabled', () => {
  it('leaves a topic term alone by default, and rewrites names as ever', () => {
    expect(to(store.glossary, '英伟达程序访问内存')).toBe('輝達程序访问記憶體');
    expect(to(store.glossary, '电影星际穿越')).toBe('电影星际穿越');
  });

  it('rewrites the terms of the topics a caller enables, and no others', async () => {
    const it = await store.glossary.withTopics(['IT']);
    expect(to(it, '英伟达程序访问内存')).toBe('輝達程式存取記憶體');
    expect(to(it, '电影星际穿越')).toBe('电影星际穿越');
    const both = await store.glossary.withTopics(['Movie', 'IT']);
    expect(to(both, '程序与星际穿越', 'zh-HK')).toBe('程式与星際啟示錄');
    expect(to(both, 'Interstellar的程序', 'zh-CN')).toBe('星际穿越的程序');
    // The snapshot itself is unchanged.
    expect(to(store.glossary, '程序')).toBe('程序');
  });

  it('makes each set of topics once, whatever its order or spelling', async () => {
    const a = await store.glossary.withTopics(['IT', 'Movie']);
    expect(await store.glossary.withTopics(['Movie,IT'])).toBe(a);
    expect(await store.glossary.withTopics([' Movie ', 'IT', 'IT'])).toBe(a);
    expect(await store.glossary.withTopics([])).toBe(store.glossary);
  });

  it('refuses a topic the glossary does not have, naming the ones it has', async () => {
    const failed = await store.glossary.withTopics(['IT', 'Cooking']).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UnknownTopics);
    expect((failed as Error).message).toBe('unknown topic Cooking (topics: IT, Movie)');
  });

  it('looks a topic term up whatever the topics, and exports its topics', async () => {
    expect(store.glossary.lookupEntries('存取', 1)[0]!.entry.id).toBe('access-computing');
    expect((await store.glossary.topicIndex()).list()).toEqual([
      { topic: 'IT', entries: 5 },
      { topic: 'Movie', entries: 1 },
    ]);
    expect(csvRecord(store.glossary.entries.get('computer-program')!)[CSV_COLUMNS.indexOf('topics')]).toBe('IT');
    expect(csvRecord(store.glossary.entries.get('nvidia')!)[CSV_COLUMNS.indexOf('topics')]).toBe('');
  });

  it('answers alike when compiled from the rows instead of the stored artifacts', async () => {
    const fromRows = GlossarySnapshot.fromRows(await store.glossary.rows());
    expect(to(fromRows, '程序访问内存')).toBe('程序访问記憶體');
    expect(to(await fromRows.withTopics(['IT']), '程序访问内存')).toBe('程式存取記憶體');
  });

  it('follows edits: an entry given topics stops applying everywhere, one that loses them starts', async () => {
    const { topics: _, ...program } = store.glossary.entries.get('computer-program')!;
    const nvidia = store.glossary.entries.get('nvidia')!;
    const edited = await store.glossary.withChanges([
      { entityId: 'computer-program', after: program },
      { entityId: 'nvidia', after: { ...nvidia, topics: ['Electronics'] } },
      { entityId: 'buffer-computing', after: { id: 'buffer-computing', kind: 'term', names: { 'zh-CN': '缓冲区', 'zh-TW': '緩衝區' }, aliases: [], deprecated: [], ambiguous: [], sources: [], topics: ['IT'] } },
    ]);
    expect(to(edited, '英伟达程序缓冲区')).toBe('英伟达程式缓冲区');
    expect((await edited.topicIndex()).list()).toEqual([
      { topic: 'Electronics', entries: 1 },
      { topic: 'IT', entries: 5 },
      { topic: 'Movie', entries: 1 },
    ]);
    expect(to(await edited.withTopics(['IT']), '英伟达程序访问缓冲区')).toBe('英伟达程式存取緩衝區');
    expect(to(await edited.withTopics(['Electronics']), '英伟达程序缓冲区')).toBe('輝達程式缓冲区');
  });
});

describe('topics through the API', () => {
  const post = (body: unknown) => store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('enables topics per request', async () => {
    const plain = await post({ text: '程序访问内存', to: 'zh-TW' });
    expect(((await plain.json()) as { text: string }).text).toBe('程序访问記憶體');
    const res = await post({ text: '程序访问内存', to: 'zh-TW', topics: ['IT'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; mentions: { entityId: string }[] };
    expect(body.text).toBe('程式存取記憶體');
    expect(body.mentions.map((m) => m.entityId)).toEqual(['computer-program', 'access-computing', 'memory']);
  });

  it('answers 400 with what to fix for an unknown topic or a malformed list', async () => {
    const unknown = await post({ text: 'x', to: 'zh-TW', topics: ['Cooking'] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('topics: unknown topic Cooking (topics: IT, Movie)');
    const notList = await post({ text: 'x', to: 'zh-TW', topics: 'IT' });
    expect(notList.status).toBe(400);
    expect(((await notList.json()) as { error: string }).error).toContain('topics must be a list of topic names');
  });

  it('lists the topics', async () => {
    const res = await store.app.request('/v1/topics');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ topics: [{ topic: 'IT', entries: 5 }, { topic: 'Movie', entries: 1 }] });
  });

  it('keeps a term written through the service to its topic', async () => {
    const put = await store.app.request('/v1/entities', {
      method: 'POST',
      headers: { ...store.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'buffer-computing', kind: 'term', names: { 'zh-CN': '缓冲区', 'zh-TW': '緩衝區' }, topics: ['IT'] }),
    });
    expect(put.status).toBe(201);
    expect(((await (await post({ text: '缓冲区', to: 'zh-TW' })).json()) as { text: string }).text).toBe('缓冲区');
    expect(((await (await post({ text: '缓冲区', to: 'zh-TW', topics: ['IT'] })).json()) as { text: string }).text).toBe('緩衝區');
    // A name a scoped entry has is refused to another entity, as the build refuses it.
    const clash = await store.app.request('/v1/entities', {
      method: 'POST',
      headers: { ...store.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'some-buffer', kind: 'term', names: { 'zh-CN': '缓冲区' } }),
    });
    expect(clash.status).toBe(409);
  });
});

describe('topics through the CLI', () => {
  const run = (args: string[], input = '') =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, GLOSSARY_DIR: store.dir, GLOSSARY_DB: join(tempDir(), 'glossary.db'), SERVICE_DB: join(tempDir(), 'none', 'service.db') };
      const child = execFile(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
      child.stdin!.end(input);
    });

  it('enables topics with --topic, and refuses an unknown one', async () => {
    expect((await run(['canonicalize', '-t', 'zh-TW'], '程序访问内存')).stdout).toBe('程序访问記憶體');
    expect((await run(['canonicalize', '-t', 'zh-TW', '--topic', 'IT'], '程序访问内存')).stdout).toBe('程式存取記憶體');
    expect((await run(['canonicalize', '-t', 'zh-HK', '--topic', 'IT,Movie'], '程序与星际穿越')).stdout).toBe('程式与星際啟示錄');
    const bad = await run(['canonicalize', '-t', 'zh-TW', '--topic', 'Cooking'], 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--topic: unknown topic Cooking (topics: IT, Movie)');
  });

  it('lists the topics', async () => {
    expect((await run(['topics'])).stdout).toBe('IT\t5\nMovie\t1\n');
    expect(JSON.parse((await run(['topics', '--json'])).stdout)).toEqual({ topics: [{ topic: 'IT', entries: 5 }, { topic: 'Movie', entries: 1 }] });
  });
});
