// Edits as an editor meets them: the running service (its own process) takes one alias
// write at a time, while a reader asks lookups without pause; each write's latency,
// and how long the reads waited while writes were being applied.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startServeProcess } from './serve-process.ts';

const BIN = join(resolve(import.meta.dirname, '..'), 'scripts/glossary.cjs');

export interface EditFigures {
  /** Milliseconds of each write, from sending it to its answer. */
  readonly writes: readonly number[];
  /** Milliseconds of each read answered while writes were under way. */
  readonly reads: readonly number[];
  /** Reads that failed (the service reset the connection while a write held it). */
  readonly readErrors: number;
  /** Writes that did not succeed, with what they answered. */
  readonly writeErrors: readonly string[];
  /** The first write, sent as soon as the service listens (while it warms up for edits), in ms; not among writes. */
  readonly firstWrite: number | undefined;
}

/** count alias writes (add, remove, add, ...) on one entity, with a reader running beside them. */
export async function benchEdits(env: NodeJS.ProcessEnv, count: number): Promise<EditFigures> {
  const token = spawnSync(process.execPath, [BIN, 'token', 'create', 'bench-edits'], { env, encoding: 'utf8' }).stdout.trim();
  if (!token) throw new Error('bench-edits: could not create a write token');
  const { child, url } = await startServeProcess(env, { quiet: true });
  try {
    const writes: number[] = [];
    const writeErrors: string[] = [];
    const write = async (i: number): Promise<number | undefined> => {
      const body = i % 2 === 0 ? { add: '编辑基准别名' } : { remove: '编辑基准别名' };
      const t = performance.now();
      try {
        const res = await fetch(`${url}/v1/entities/nvidia`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const answer = await res.text();
        if (res.status === 200) return performance.now() - t;
        writeErrors.push(`${res.status} ${answer.slice(0, 200)}`);
      } catch (error) {
        writeErrors.push(String(error));
      }
      return undefined;
    };
    // What an editor meets right after a start; then the service in use, with a reader beside the writes.
    const firstWrite = await write(0);
    const reads: number[] = [];
    let readErrors = 0;
    let reading = true;
    const reader = (async () => {
      for (let i = 0; reading; i++) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/v1/lookup?limit=5&q=${i % 2 === 0 ? 'huida' : 'NVIDIA'}`);
          await res.arrayBuffer();
          if (res.status === 200) reads.push(performance.now() - t);
          else readErrors++;
        } catch {
          readErrors++;
        }
      }
    })();
    for (let i = 1; i <= count; i++) {
      const ms = await write(i);
      if (ms !== undefined) writes.push(ms);
    }
    reading = false;
    await reader;
    return { writes, reads, readErrors, writeErrors, firstWrite };
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The value below which a share of the values lie (share 0.99: p99). */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}
