// Size and time of one GET /v1/entities/{id}/history answer for an entity with many changes.
// npx tsx scripts/bench-history.ts [edits]
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { createApp } from '../src/http/app.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { openService } from '../src/service/service-store.ts';

const EDITS = Number(process.argv[2] ?? 2000);
const ROOT = resolve(import.meta.dirname, '..');
const data = mkdtempSync(join(tmpdir(), 'bench-history-'));
cpSync(join(ROOT, 'glossary'), join(data, 'glossary'), { recursive: true });
await buildGlossary(join(data, 'glossary'), join(data, 'glossary.db'));
const db = openStore(join(data, 'glossary.db'), { readonly: true });
const service = await openService(join(data, 'service.db'));
const keeper = await GlossaryKeeper.open(db, service);
const app = createApp({ glossary: () => keeper.current(), keeper, service, tm: undefined as never });

// An alias added and removed in turn: every change carries nvidia's whole entry, before and after.
for (let i = 0; i < EDITS; i++) {
  const result = await keeper.editAlias('bench', 'nvidia', i % 2 === 0 ? { add: '测速别名' } : { remove: '测速别名' });
  if (!result.ok) throw new Error(result.error);
}
for (const path of ['/v1/entities/nvidia/history', '/v1/entities/nvidia/history?limit=500']) {
  let best = Infinity;
  let bytes = 0;
  let changes = 0;
  for (let run = 0; run < 5; run++) {
    const t = performance.now();
    const res = await app.request(path);
    const body = await res.text();
    best = Math.min(best, performance.now() - t);
    bytes = Buffer.byteLength(body);
    changes = (JSON.parse(body) as { changes: unknown[] }).changes.length;
  }
  console.log(`${path}: ${changes} changes, ${(bytes / 1024).toFixed(1)} KiB, best of 5 ${best.toFixed(1)} ms`);
}
await service.destroy();
await db.destroy();
