import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from './src/canonicalize.ts';
import { openStore } from './src/db/connection.ts';
import { parseTarget } from './src/locale.ts';
import { GlossarySnapshot } from './src/snapshot.ts';
const S = '../shared/seeds';
const seed = readdirSync(S).sort().map((f) => readFileSync(join(S, f), 'utf8')).join('\n');
let text = seed; while (Buffer.byteLength(text) < 5 * 1024 * 1024) text += '\n' + seed;
const t = parseTarget('zh-CN')!;
const g = await GlossarySnapshot.load(openStore('data/glossary.db', { readonly: true }));
for (let i = 0; i < 40; i++) { const o = canonicalize(g, text, { target: t }).text; o.charCodeAt(o.length >> 1); }
