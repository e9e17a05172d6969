import { spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startServeProcess } from '../scripts/serve-process.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

export interface Replica {
  readonly child: ChildProcess;
  readonly url: string;
}

/** A `glossary` command as a process; its exit code, stdout and stderr. */
export function glossaryCli(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The fixture glossary (a copy of its own, GLOSSARY_DIR) served by `count` `glossary
 * serve` processes over the PostgreSQL database at databaseUrl, built there once before
 * they start, with a write token; env is what each replica runs with.
 */
export async function startReplicas(databaseUrl: string, count = 3): Promise<{ env: NodeJS.ProcessEnv; auth: Record<string, string>; replicas: Replica[] }> {
  const data = tempDir();
  const env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'unused-glossary.db'), DATABASE_URL: databaseUrl, SERVICE_DB: join(data, 'unused-service.db') };
  const build = glossaryCli(env, 'build');
  if (build.status !== 0) throw new Error(`glossary build failed: ${build.stderr}`);
  const token = glossaryCli(env, 'token', 'create', 'tester');
  if (token.status !== 0) throw new Error(`glossary token create failed: ${token.stderr}`);
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) replicas.push(await startServeProcess(env, { quiet: true }));
  return { env, auth: { authorization: `Bearer ${token.stdout.trim()}` }, replicas };
}

/** Stop every replica still running, and wait until each has exited. */
export async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(replicas.map((r) => new Promise((done) => (r.child.exitCode !== null || r.child.signalCode !== null ? done(null) : (r.child.once('exit', done), r.child.kill('SIGTERM'))))));
}
