// The README's examples, run top to bottom on a fresh copy of the repository, as a
// reader would: the service in the background, every other block in one shell session.
// Each command must exit 0, every curl must get a 2xx, each output comment must match,
// and the copy's `git status` must stay clean. See readme-examples.ts for the README's
// conventions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';
import { examplesScript, outputMatches, outputsByStep, readmeExamples, withPort, type ExampleStep } from './readme-examples.ts';

const SHARED = resolve(ROOT, '../shared');

/** The tracked files as they are in the working tree (a README being edited included). */
function copyRepository(): string {
  const base = tempDir('glossary-readme-');
  scratch.push(base);
  const copy = join(base, 'main');
  const files = git(ROOT, ['ls-files', '-z']).split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }
  // The examples read ../shared (seeds, TMX files), as they do beside the real checkout.
  symlinkSync(realpathSync(SHARED), join(base, 'shared'));
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'));
  // What npm install's prepare step does after installing.
  const compiled = spawnSync(process.execPath, ['scripts/compile.mjs', '--quiet'], { cwd: copy, encoding: 'utf8' });
  if (compiled.status !== 0) throw new Error(`npm run compile in ${copy}: ${compiled.stderr}`);
  git(copy, ['init', '-q']);
  // .gitignore's `node_modules/` matches a folder, not this link; a real install makes a folder.
  writeFileSync(join(copy, '.git/info/exclude'), 'node_modules\n');
  git(copy, ['add', '-A']);
  git(copy, ['commit', '-q', '-m', 'fresh clone']);
  return copy;
}

function git(cwd: string, args: readonly string[]): string {
  const identity = ['-c', 'user.name=readme-test', '-c', 'user.email=readme-test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null'];
  const result = spawnSync('git', [...identity, ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${result.stderr}`);
  return result.stdout;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** A terminal's environment: none of the service's settings, nothing from the npm running this test. */
function readerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const settings = new Set(['PORT', 'HOST', 'GLOSSARY_DB', 'GLOSSARY_DIR', 'TM_DB', 'SERVICE_DB', 'CORS_ORIGINS']);
  for (const [key, value] of Object.entries(process.env)) if (!settings.has(key) && !key.toLowerCase().startsWith('npm_')) env[key] = value;
  return env;
}

interface Server {
  readonly child: ChildProcess;
  readonly log: () => string;
}

const servers: Server[] = [];
/** The copy and the script's folder: a few hundred files per run, not worth keeping. */
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(servers.map(stopServer));
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Start a server block's command in its own process group (stopped after the tests), and wait until it answers. */
async function startServer(copy: string, step: ExampleStep, port: number): Promise<void> {
  let log = '';
  const child = spawn('bash', ['-c', withPort(step.command, port)], { cwd: copy, env: { ...readerEnv(), PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  servers.push({ child, log: () => log });
  // Generous: on a busy 2-core machine the first build alone has taken 4 s.
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`README.md:${step.line}: \`${step.command}\` exited with ${child.exitCode}:\n${log}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`README.md:${step.line}: \`${step.command}\` did not answer on port ${port} within two minutes:\n${log}`);
}

function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const group = -server.child.pid!;
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(group, name);
      } catch {
        // The group is gone already.
      }
    };
    const hard = setTimeout(() => signal('SIGKILL'), 10_000);
    server.child.once('exit', () => {
      clearTimeout(hard);
      done();
    });
    // npm start runs node under npm's shell: stop the whole group it leads.
    signal('SIGTERM');
  });
}

/** Run the script with standard output and error on one file, interleaved as in a terminal. */
async function runScript(copy: string, script: string): Promise<{ code: number | null; output: string }> {
  const dir = tempDir('glossary-readme-script-');
  scratch.push(dir);
  writeFileSync(join(dir, 'examples.sh'), script);
  const log = openSync(join(dir, 'output.txt'), 'w');
  try {
    const child = spawn('bash', [join(dir, 'examples.sh')], { cwd: copy, env: readerEnv(), stdio: ['ignore', log, log] });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    return { code, output: readFileSync(join(dir, 'output.txt'), 'utf8') };
  } finally {
    closeSync(log);
  }
}

describe('README examples', () => {
  it('run in order on a fresh clone: every command succeeds, outputs match their comments, git status stays clean', async () => {
    const copy = copyRepository();
    const blocks = readmeExamples(readFileSync(join(copy, 'README.md'), 'utf8'));
    const port = await freePort();

    const firstRun = blocks.findIndex((b) => b.mode === 'run');
    const lateServer = blocks.findIndex((b, i) => b.mode === 'server' && i > firstRun);
    expect(lateServer, `README.md:${blocks[lateServer]?.line}: start the service before the first example that uses it`).toBe(-1);
    for (const block of blocks.filter((b) => b.mode === 'server')) {
      expect(block.steps, `README.md:${block.line}: a server block holds one command`).toHaveLength(1);
      await startServer(copy, block.steps[0]!, port);
    }

    const steps = blocks.filter((b) => b.mode === 'run').flatMap((b) => b.steps);
    expect(steps.length).toBeGreaterThan(0);
    // Never run these inline: an install would write through the linked node_modules, and a server never returns.
    for (const step of steps) {
      expect(step.command, `README.md:${step.line}: mark this block <!-- readme-test: skip --> (the test links node_modules)`).not.toMatch(/^\s*npm (install|ci)\b/);
      expect(step.command, `README.md:${step.line}: mark this block <!-- readme-test: server --> (it runs until stopped)`).not.toMatch(/^\s*(npm start|npx glossary serve)\b/);
    }
    const run = await runScript(copy, examplesScript(steps, port));
    const outputs = outputsByStep(run.output);

    if (run.code !== 0 || !outputs.has('done')) {
      const failed = Math.max(-1, ...[...outputs.keys()].filter((k): k is number => k !== 'done'));
      const step = steps[failed];
      const where = step ? `README.md:${step.line}: \`${step.command}\`` : 'before the first step';
      throw new Error(`${where} failed (exit ${run.code}); it printed:\n${outputs.get(failed) ?? run.output}\nthe service printed:\n${servers.map((s) => s.log()).join('\n')}`);
    }

    const mismatches = steps.flatMap((step, n) => {
      const output = outputs.get(n) ?? '';
      return step.expected === undefined || outputMatches(step.expected, output) ? [] : [`README.md:${step.line}: \`${step.command}\` printed\n${output}\nbut the README says\n${step.expected}`];
    });
    expect(mismatches).toEqual([]);

    // Everything the examples write goes where git does not look (data/).
    expect(git(copy, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    // 22 CLI starts (1.5-2 s of CPU each through npx) and 22 curl calls: 72-100 s on
    // this 2-core machine while other test runs share it, hence the room.
  }, 300_000);
});

describe('readmeExamples', () => {
  const readme = [
    '<!-- readme-test: skip (linked instead) -->',
    '```sh',
    'npm install',
    '```',
    '<!-- readme-test: server -->',
    '```sh',
    'npm start',
    '```',
    '```sh',
    '# explains, not an output',
    'X=$(echo 1)   # explains too',
    'curl -s http://127.0.0.1:3000/a \\',
    "  -d '{}'",
    '# {"a":...}',
    '',
    '# after a blank line: explains',
    'printf "1\\n2\\n"',
    '# 1',
    '# 2',
    '```',
  ].join('\n');

  it('reads blocks with their marks, joins continued lines and takes the comment under a command as its output', () => {
    expect(readmeExamples(readme)).toEqual([
      { line: 2, mode: 'skip', steps: [{ line: 3, command: 'npm install' }] },
      { line: 6, mode: 'server', steps: [{ line: 7, command: 'npm start' }] },
      {
        line: 9,
        mode: 'run',
        steps: [
          { line: 11, command: 'X=$(echo 1)   # explains too' },
          { line: 12, command: "curl -s http://127.0.0.1:3000/a \\\n  -d '{}'", expected: '{"a":...}' },
          { line: 17, command: 'printf "1\\n2\\n"', expected: '1\n2' },
        ],
      },
    ]);
  });

  it('refuses an unknown mark and an unclosed block', () => {
    expect(() => readmeExamples('<!-- readme-test: later -->\n```sh\nls\n```')).toThrow('README.md:1: unknown readme-test marker later');
    expect(() => readmeExamples('text\n```sh\nls\n')).toThrow('README.md:2: the ```sh block is never closed');
  });

  it('matches an output as a whole, with ... for any text', () => {
    expect(outputMatches('{"a":...}', '{"a":1,"b":[2]}\n')).toBe(true);
    expect(outputMatches('204', '204\n')).toBe(true);
    expect(outputMatches('204', '2040')).toBe(false);
    expect(outputMatches('exported ... entities to data/x.csv', 'exported 172 entities to data/x.csv')).toBe(true);
    expect(outputMatches('a.b', 'axb')).toBe(false);
  });

  it('serves the examples on the port it is given', () => {
    expect(withPort("curl -s 'http://127.0.0.1:3000/v1/x' && npx glossary serve --port 3000", 41234)).toBe("curl -s 'http://127.0.0.1:41234/v1/x' && npx glossary serve --port 41234");
  });
});
