import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateGlossary } from '../scripts/generate-glossary.ts';
import { startServeProcess } from '../scripts/serve-process.ts';
import { fixtureGlossaryDir, ROOT, SEEDS, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
let env: NodeJS.ProcessEnv;
let data: string;

beforeAll(() => {
  data = tempDir();
  env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), HOST: '127.0.0.1' };
});

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: ROOT }, (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** `glossary serve` with this test's stores. */
const serve = () => startServeProcess(env, { quiet: true });

function integrity(path: string): string {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

const entity = (i: number) => ({ id: `crash-test-${i}`, kind: 'term', names: { 'zh-CN': `崩溃测试词${i}`, en: `crash test ${i}` }, aliases: [`崩溃别名${i}`] });

describe('crashes lose nothing acknowledged', () => {
  it('SIGKILL in the middle of a stream of writes: every acknowledged write survives, none is half there', async () => {
    expect((await run(['build'])).code).toBe(0);
    const token = (await run(['token', 'create', 'crash'])).stdout.trim();
    const { child, url } = await serve();
    const exited = new Promise((r) => child.on('exit', r));
    const acknowledged: number[] = [];
    const attempted: number[] = [];
    let killed = false;
    // Four writers, each writing one entity after another, until the kill.
    const writer = async (lane: number) => {
      for (let i = lane; !killed; i += 4) {
        attempted.push(i);
        try {
          const res = await fetch(`${url}/v1/entities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(entity(i)) });
          if (res.status === 201) acknowledged.push(i);
          else throw new Error(`write ${i}: ${res.status} ${await res.text()}`);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    child.kill('SIGKILL');
    await Promise.allSettled(writers);
    await exited;

    expect(integrity(env.SERVICE_DB!)).toBe('ok');
    const restarted = await serve();
    try {
      for (const i of acknowledged) {
        const res = await fetch(`${restarted.url}/v1/entities/crash-test-${i}`);
        expect(res.status, `acknowledged write ${i}`).toBe(200);
        expect(await res.json()).toMatchObject({ id: `crash-test-${i}`, names: { 'zh-CN': `崩溃测试词${i}` }, aliases: [`崩溃别名${i}`] });
      }
      // A write cut off by the kill is wholly there or wholly absent, and if there, it works.
      for (const i of attempted.filter((i) => !acknowledged.includes(i))) {
        const res = await fetch(`${restarted.url}/v1/entities/crash-test-${i}`);
        if (res.status === 200) expect(await res.json()).toMatchObject(entity(i));
        else expect(res.status).toBe(404);
      }
      const canon = (await (await fetch(`${restarted.url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `崩溃别名${acknowledged[0]}`, to: 'en' }) })).json()) as { text: string };
      expect(canon.text).toBe(`crash test ${acknowledged[0]}`);
    } finally {
      restarted.child.kill('SIGTERM');
      await new Promise((r) => restarted.child.on('exit', r));
    }
    expect(integrity(env.SERVICE_DB!)).toBe('ok');
  });

  it('SIGKILL in the middle of a build leaves the previous database whole', async () => {
    const dir = join(tempDir(), 'big');
    generateGlossary(dir, 20_000, SEEDS, resolve(ROOT, 'glossary'));
    const dbPath = env.GLOSSARY_DB!;
    const before = readFileSync(dbPath);
    const child = spawn(process.execPath, [BIN, 'build'], { env: { ...env, GLOSSARY_DIR: dir }, cwd: ROOT });
    const exited = new Promise((r) => child.on('exit', r));
    // Kill once the new database is being written beside the old one.
    const building = () => readdirSync(data).some((f) => f.startsWith('glossary.db.building-'));
    for (let i = 0; i < 600 && !building(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(building()).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(integrity(dbPath)).toBe('ok');
    // The next build cleans up after itself and replaces the store.
    expect((await run(['build'])).code).toBe(0);
    expect(building()).toBe(false);
    expect(existsSync(dbPath)).toBe(true);
    expect(integrity(dbPath)).toBe('ok');
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    const { child, url } = await serve();
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // The body is sent in two halves with the signal between them: the request is in flight for sure.
    const body = new TextEncoder().encode(JSON.stringify({ text: readFileSync(join(SEEDS, readdirSync(SEEDS).sort()[0]!), 'utf8'), to: 'zh-TW' }));
    let sendRest!: () => void;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.subarray(0, body.length >> 1));
        sendRest = () => {
          controller.enqueue(body.subarray(body.length >> 1));
          controller.close();
        };
      },
    });
    const inFlight = fetch(`${url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    sendRest();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mentions: unknown[] }).mentions.length).toBeGreaterThan(100);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

describe('the real server reads bodies itself', () => {
  it('answers malformed JSON with 400, a body over the limit with 413, and a good body with 200', async () => {
    const { child, url } = await serve();
    try {
      const post = (body: string) => fetch(`${url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const malformed = await post('{"text":"辉达","to":');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toEqual({ error: 'malformed JSON in the request body' });
      const big = await post(`{"text":"${'a'.repeat(4 * 1024 * 1024)}","to":"en"}`);
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: string }).error).toContain('over 4 MB');
      const ok = await post(JSON.stringify({ text: '川普和辉达', to: 'zh-CN' }));
      expect(await ok.json()).toMatchObject({ text: '特朗普和英伟达' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
