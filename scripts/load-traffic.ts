// What the load benches send: a 2 KB article, a mix of lookup queries, and an editor's
// steady writes (bench-load.ts, bench-replicas.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lookups as people type them: pinyin, scripts, a typo, Latin names. */
export const LOOKUP_QUERIES = ['huida', '輝達', 'Nvdia', 'hui da', '川普', 'ying wei da', '台积', 'Huawei', 'tsmc', '晶片'];

/** A 2 KB article: the start of the seeds, cut on a character boundary. */
export function seedArticle(seedsDir: string, bytes = 2048): string {
  const seedText = readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')).join('\n');
  let article = '';
  for (const ch of seedText) {
    if (Buffer.byteLength(article + ch) > bytes) break;
    article += ch;
  }
  return article;
}

/**
 * An editor at work: adds and removes one alias of NVIDIA in turn, perSecond times a
 * second, through whichever service each run is given. The turn carries over from run
 * to run, so every write is one the glossary accepts.
 */
export class AliasToggler {
  private toggles = 0;

  constructor(
    private readonly token: string,
    private readonly alias: string,
    private readonly perSecond: number,
  ) {}

  /** Start writing to url; stop() ends it and says how many writes were acknowledged and how many failed. */
  run(url: string): { stop: () => Promise<{ writes: number; failed: number }> } {
    let writes = 0;
    let failed = 0;
    let running = true;
    const loop = (async () => {
      for (; running; this.toggles++) {
        const i = this.toggles;
        const body = i % 2 === 0 ? { add: this.alias } : { remove: this.alias };
        try {
          const res = await fetch(`${url}/v1/entities/nvidia`, { method: 'PATCH', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
          if (res.status === 200) {
            await res.arrayBuffer();
            writes++;
          } else {
            failed++;
            console.error(`write ${i}: ${res.status} ${await res.text().catch(() => '')}`);
          }
        } catch {
          failed++;
        }
        await new Promise((r) => setTimeout(r, 1000 / this.perSecond));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return { writes, failed };
      },
    };
  }
}
