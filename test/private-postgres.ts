import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';

/**
 * A PostgreSQL server of one test file's own (initdb in a temporary folder, on a free
 * loopback port), so that the file can stop and restart it without disturbing the
 * tests that share the machine's server. The machine's PostgreSQL binaries are used
 * (PG_BIN overrides where they are); as root, the server runs as the postgres user,
 * since PostgreSQL refuses to run as root.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const bin = process.env.PG_BIN ?? findBin();
    const dir = join(tempDir('glossary-pg-'), 'data');
    const server = new PrivatePostgres(bin, dir, await freePort());
    const root = process.getuid?.() === 0;
    if (root) chownSync(join(dir, '..'), uidOf('postgres'), uidOf('postgres'));
    server.run('initdb', ['-D', dir, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C.UTF-8']);
    await server.start();
    return server;
  }

  /** The URL of database `name` on this server. */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dir, '-l', join(this.dir, '..', 'server.log'), '-w', '-o', `-p ${this.port} -k ${join(this.dir, '..')} -c listen_addresses=127.0.0.1`, 'start']);
  }

  /** Stop the server; `immediate` is a crash: no clean shutdown, recovery from the write-ahead log at the next start. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.run('pg_ctl', ['-D', this.dir, '-m', mode, '-w', 'stop']);
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' });
    else execFileSync(command, args, { stdio: 'ignore' });
  }
}

function findBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(base, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!found) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (set PG_BIN to the folder of initdb and pg_ctl)');
  return found;
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
