import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const BIN = join(resolve(import.meta.dirname, '..'), 'scripts/glossary.cjs');

/**
 * Start `glossary serve` on a free loopback port as its own process (for the load
 * test and the crash tests); resolves with its URL once it listens.
 */
export async function startServeProcess(env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...env, HOST: '127.0.0.1' }, stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) ok(m[1]!);
    });
    child.on('exit', () => fail(new Error(`glossary serve exited: ${stderr}`)));
  });
  return { child, url };
}
