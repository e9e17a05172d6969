import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

let env: NodeJS.ProcessEnv;
let dir: string;
let db: string;

beforeAll(() => {
  dir = fixtureGlossaryDir();
  db = join(tempDir(), 'data', 'glossary.db');
  env = { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: db, TM_DB: join(tempDir(), 'no-such-folder-yet', 'tm.db') };
});

/** Run the CLI as a process; resolves with its exit code and output, never rejects. */
async function glossary(args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

describe('glossary CLI', () => {
  it('builds the store and prints a summary', async () => {
    const { code, stderr } = await glossary(['build']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/built .*glossary\.db: \d+ entities, \d+ names, \d+ variants, \d+ pinyin keys, \d+ declared ambiguous keys, 0 conflicts from \d+ files in [\d.]+ s/);
    expect(existsSync(db)).toBe(true);
  });

  it('looks a name up, as text and as the API’s JSON', async () => {
    const text = await glossary(['lookup', 'hui da']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('nvidia (org)');
    const json = await glossary(['lookup', '川普', '--json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.query).toBe('川普');
    expect(parsed.results[0]).toMatchObject({ entity: { id: 'donald-trump' }, how: 'exact', matched: '川普', score: 1 });
  });

  it('exits non-zero when nothing matches', async () => {
    const { code, stderr } = await glossary(['lookup', '完全不存在']);
    expect(code).toBe(1);
    expect(stderr).toContain('no entity matches');
  });

  it('canonicalizes standard input to standard output', async () => {
    const { code, stdout } = await glossary(['canonicalize', '--to', 'zh-CN'], '美国总统川普表示,将允许辉达H200晶片出口\n');
    expect(code).toBe(0);
    expect(stdout).toBe('美国总统特朗普表示,将允许英伟达H200芯片出口\n');
  });

  it('keeps the forms a region admits (AI), and spells them out with --spell-out', async () => {
    expect((await glossary(['canonicalize', '--to', 'zh-CN'], 'AI晶片')).stdout).toBe('AI芯片');
    expect((await glossary(['canonicalize', '--to', 'zh-CN', '--spell-out'], 'AI晶片')).stdout).toBe('人工智能芯片');
    const help = (await glossary(['canonicalize', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain("--spell-out replace the forms the target's region also writes (AI) with its name (人工智能)");
  });

  it('canonicalizes files, with --json in the API’s shape', async () => {
    const file = join(tempDir(), 'in.txt');
    writeFileSync(file, '辉达(NVIDIA)');
    const { stdout } = await glossary(['canonicalize', '--to', 'zh-TW', '--json', file]);
    expect(JSON.parse(stdout)).toEqual({
      text: '輝達(NVIDIA)',
      mentions: [
        { start: 0, end: 2, surface: '辉达', entityId: 'nvidia', replacement: '輝達', decided: 'plain' },
        { start: 3, end: 9, surface: 'NVIDIA', entityId: 'nvidia', replacement: 'NVIDIA', decided: 'gloss' },
      ],
    });
  });

  it('refuses an unknown target with the valid ones', async () => {
    const { code, stderr } = await glossary(['canonicalize', '--to', 'zh-JP'], 'x');
    expect(code).not.toBe(0);
    expect(stderr).toContain('unknown target; use one of zh-CN, zh-TW, zh-HK, zh-SG, zh-MY, zh-MO, en');
  });

  it('exports CSV with a byte order mark that a CSV reader accepts', async () => {
    const out = join(tempDir(), 'glossary.csv');
    const { code, stderr } = await glossary(['export', '--format', 'csv', '--bom', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/exported \d+ entities/);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === 'chip')).toMatchObject({ 'zh-CN': '芯片', 'zh-TW': '晶片', en: 'chip' });
  });

  it('replaces an export file whole, and says so in one line when the folder is missing', async () => {
    const folder = tempDir();
    const out = join(folder, 'glossary.csv');
    writeFileSync(out, 'an older export\n');
    expect((await glossary(['export', '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^id,kind,zh-CN,zh-TW,zh-HK,en,/);
    expect(readdirSync(folder)).toEqual(['glossary.csv']);

    const missing = join(folder, 'no-such-folder', 'glossary.csv');
    const { code, stderr } = await glossary(['export', '--out', missing]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`glossary: cannot write ${missing}: no such folder; nothing was written`);
  });

  it('stops a bad build with file:line, a non-zero exit and the old database intact', async () => {
    const badDir = fixtureGlossaryDir(false);
    const badDb = join(tempDir(), 'glossary.db');
    expect((await glossary(['build'], undefined, { GLOSSARY_DIR: badDir, GLOSSARY_DB: badDb })).code).toBe(0);
    const before = readFileSync(badDb);
    writeFileSync(join(badDir, 'zz.yaml'), '- id: broken\n  kind: org\n  names:\n    zh-CN: ""\n');
    const { code, stderr } = await glossary(['build'], undefined, { GLOSSARY_DIR: badDir, GLOSSARY_DB: badDb });
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(badDir, 'zz.yaml')}:4: names.zh-CN: empty name`);
    expect(stderr).toContain('was not changed');
    expect(readFileSync(badDb).equals(before)).toBe(true);
  });
});

describe('npm start', () => {
  it('builds a missing store, serves on PORT and shuts down on SIGTERM', async () => {
    const startDb = join(tempDir(), 'fresh', 'glossary.db');
    const child = spawn(process.execPath, [join(ROOT, 'dist/start.mjs')], {
      env: { ...env, GLOSSARY_DB: startDb, PORT: '0', HOST: '127.0.0.1' },
      cwd: ROOT,
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`server exited: ${stderr}`)));
    });
    expect(stderr).toContain('built');
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; entities: number };
    expect(health.status).toBe('ok');
    // Bodies go through Node's own reader under `serve`: the same answers as through app.request().
    const post = (body: string) => fetch(`${url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const ok = await post(JSON.stringify({ text: '辉达(NVIDIA)的芯片', to: 'zh-TW' }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { text: string }).text).toBe('輝達(NVIDIA)的晶片');
    const malformed = await post('{"text": "辉达');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed JSON in the request body' });
    const tooLarge = await post(JSON.stringify({ text: '辉'.repeat(2_000_000), to: 'zh-TW' }));
    expect(tooLarge.status).toBe(413);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rebuilds when a glossary file is newer than the store', async () => {
    const { stderr: first } = await glossary(['lookup', '辉达']);
    expect(first).not.toContain('built');
    const later = new Date(statSync(db).mtimeMs + 5_000);
    utimesSync(join(dir, 'orgs.yaml'), later, later);
    const { stderr } = await glossary(['lookup', '辉达']);
    expect(stderr).toContain('built');
  });
});

