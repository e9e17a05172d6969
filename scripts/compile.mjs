#!/usr/bin/env node
// `npm run compile` (and `prepare`, so `npm install` runs it): bundle the CLI and the
// service into dist/ as plain JavaScript, so that no command pays for transpiling
// TypeScript at run time. Each command's code is a chunk of its own, loaded only when
// the command runs; then the tables that depend on packages only (write-artifacts.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', start: 'scripts/start.ts', 'write-artifacts': 'scripts/write-artifacts.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addons and what reads its own files stay in node_modules; the rest is bundled:
  // one file loads faster than hundreds (kysely alone is 150 ms of module loading).
  external: ['better-sqlite3', '@node-rs/jieba'],
  // Bundled CommonJS packages call require(): give the ES modules one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The editors' page script (src/web/client.ts, served at /web/app.js): for browsers, small.
await build({
  absWorkingDir: root,
  entryPoints: ['src/web/client.ts'],
  outfile: 'dist/web/app.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});
// Tables computed once here rather than at every start: the fold table (fold.ts reads
// it) and the compiled lexicon (lexicon.ts reads it).
execFileSync(process.execPath, [join(root, 'dist/write-artifacts.mjs'), join(root, 'dist')], { stdio: 'inherit' });
if (!process.argv.includes('--quiet')) console.error(`compiled src/ into dist/ in ${Math.round(performance.now() - started)} ms`);
