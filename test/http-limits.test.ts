// `glossary serve` as its own process, against clients that send slowly, too much,
// without a token, or give up mid-body; and against a port already taken.
import { execFile, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../scripts/serve-process.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
/** Short, so the test sees cuts happen; the default is 10 s. */
const BODY_TIMEOUT_MS = 1500;

let env: NodeJS.ProcessEnv;
let server: { child: ChildProcess; url: string; port: number };
let stderr = '';

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, bin = [BIN]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [...bin, ...args], { env: { ...env, ...extraEnv }, cwd: ROOT }, (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  const data = tempDir();
  // Bodies held at once: 1 MB, so a test can go past it with a few connections.
  env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), HOST: '127.0.0.1', BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS), BODY_BUDGET_MB: '1' };
  expect((await run(['build'])).code).toBe(0);
  // With a token in the store, a write without one is a 401 (without any, a 403: read-only).
  expect((await run(['token', 'create', 'limits'])).code).toBe(0);
  const started = await startServeProcess(env, { quiet: true });
  started.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  server = { ...started, port: Number(new URL(started.url).port) };
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await new Promise((r) => server?.child.on('exit', r));
});

/** A raw request: headers, then whatever part of the body is given, and no more. */
function partialRequest(method: string, path: string, declaredBytes: number, sent: Buffer | string = '') {
  const socket = connect(server.port, '127.0.0.1');
  let answer = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
  const answered = new Promise<string>((resolve) => {
    const check = () => (/\r\n\r\n/.test(answer) ? resolve(answer) : socket.once('data', () => setImmediate(check)));
    check();
  });
  socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n`);
  if (sent.length > 0) socket.write(sent);
  return { socket, answered, closed };
}

/** Resolves with the value, or with 'no answer' when the wait is over. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | 'no answer'> {
  return Promise.race([promise, new Promise<'no answer'>((r) => setTimeout(() => r('no answer'), ms))]);
}

const status = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
const bodyOf = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n') + 4);

describe('slow and large bodies', () => {
  it('cuts slow bodies after BODY_TIMEOUT_MS, refuses bodies past the budget with 503, and answers other requests meanwhile', async () => {
    // 150 clients each declaring a 300 KB body, sending 64 KB of it and then nothing:
    // 44 MB declared in all, far past the 1 MB budget, which admits three.
    const part = Buffer.alloc(64 * 1024, 'a');
    part.write('{"text":"');
    const slow: Socket[] = [];
    const outcomes: Array<Promise<string>> = [];
    for (let i = 0; i < 150; i++) {
      const r = partialRequest('POST', '/v1/canonicalize', 300_000, part);
      slow.push(r.socket);
      outcomes.push(r.closed);
    }
    try {
      // Normal requests are answered while they are open.
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const canon = await fetch(`${server.url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '川普和辉达', to: 'zh-CN' }) });
      expect(await canon.json()).toMatchObject({ text: '特朗普和英伟达' });

      // Every slow client is answered and let go by the service, well within the wait (Node's own default is 300 s).
      const answers = await within(4 * BODY_TIMEOUT_MS + 2000, Promise.all(outcomes));
      expect(answers).not.toBe('no answer');
      const byStatus = new Map<number, string[]>();
      for (const a of answers as string[]) byStatus.set(status(a), [...(byStatus.get(status(a)) ?? []), a]);
      expect([...byStatus.keys()].sort()).toEqual([408, 503]);
      const timedOut = byStatus.get(408)![0]!;
      expect(JSON.parse(bodyOf(timedOut))).toEqual({ error: 'the request body did not arrive in time; send it whole, at once' });
      const refused = byStatus.get(503)![0]!;
      expect(refused).toMatch(/\r\nretry-after: 5\r\n/i);
      expect(JSON.parse(bodyOf(refused)).error).toMatch(/^the service is holding as many request bodies as it can; retry in 5 s$/);
      // The budget is given back: a body sent whole is read again.
      const after = await fetch(`${server.url}/v1/canonicalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `${'。'.repeat(300_000)}辉达`, to: 'zh-CN' }) });
      expect(after.status).toBe(200);
    } finally {
      for (const s of slow) s.destroy();
    }
  }, 30_000);

  it('answers a write without a token before its body is sent', async () => {
    for (const [method, path] of [
      ['POST', '/v1/entities'],
      ['PUT', '/v1/entities/nvidia'],
      ['PATCH', '/v1/entities/nvidia'],
      ['POST', '/v1/tm/units'],
      ['PUT', '/v1/tm/units/1'],
    ] as const) {
      const r = partialRequest(method, path, 4 * 1024 * 1024 - 1);
      try {
        // No byte of the body has been sent; the answer comes anyway.
        const answer = await within(BODY_TIMEOUT_MS - 500, r.answered);
        expect(answer, `${method} ${path}`).not.toBe('no answer');
        expect(status(answer as string), `${method} ${path}`).toBe(401);
        expect(JSON.parse(bodyOf(answer as string)).error).toContain('this write needs a token');
      } finally {
        r.socket.destroy();
      }
    }
  });

  it('logs a client that gives up mid-body in one line, not as an internal error', async () => {
    const before = stderr.length;
    const r = partialRequest('POST', '/v1/canonicalize', 100_000, '{"text":"辉达');
    await new Promise((ok) => setTimeout(ok, 200));
    r.socket.destroy();
    const line = 'POST /v1/canonicalize: the client closed the connection after 15 bytes of the body\n';
    for (let i = 0; i < 100 && !stderr.slice(before).includes(line); i++) await new Promise((ok) => setTimeout(ok, 50));
    expect(stderr.slice(before)).toBe(line);
  });
});

describe('a port already in use', () => {
  it('glossary serve says so in one line and how to choose another, and exits 1', async () => {
    const { code, stdout, stderr } = await run(['serve', '--port', String(server.port)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`glossary: port ${server.port} is in use; choose another with PORT=${server.port + 1} npm start or glossary serve --port ${server.port + 1}\n`);
  }, 30_000);

  it('npm start says the same', async () => {
    const { code, stderr } = await run([join(ROOT, 'dist/start.mjs')], { PORT: String(server.port) }, []);
    expect(code).toBe(1);
    expect(stderr).toBe(`port ${server.port} is in use; choose another with PORT=${server.port + 1} npm start or glossary serve --port ${server.port + 1}\n`);
  }, 30_000);
});
