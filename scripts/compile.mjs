#!/usr/bin/env node
// `npm run compile` (and `prepare`, so `npm install` runs it): bundle the service and
// the CLI into dist/ as plain JavaScript, so that no command pays for transpiling
// TypeScript at run time: the service (npm start) as ES module chunks, the CLI as one
// CommonJS script (below: for its code cache); then the tables that depend on
// packages only (write-artifacts.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
/** What both Node bundles share. */
const forNode = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Native addons and what reads its own files stay in node_modules; the rest is bundled:
  // one file loads faster than hundreds (kysely alone is 150 ms of module loading).
  external: ['better-sqlite3', '@node-rs/jieba'],
  sourcemap: 'linked',
  logLevel: 'warning',
};
await build({
  ...forNode,
  entryPoints: { start: 'scripts/start.ts', 'write-artifacts': 'scripts/write-artifacts.ts' },
  splitting: true,
  format: 'esm',
  // Bundled CommonJS packages call require(): give the ES modules one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  outExtension: { '.js': '.mjs' },
});
// The CLI: one CommonJS file, because Node 20 keeps a V8 code cache only for scripts it
// compiles through node:vm, not for ES modules; scripts/glossary.cjs loads it with the
// cache of the command it runs, which spares most of the compiling at each start. The
// command modules stay lazy: esbuild wraps what main.ts imports dynamically in
// functions run on first import, so a command still runs only its own modules' code.
await build({
  ...forNode,
  entryPoints: { cli: 'src/cli/main.ts' },
  format: 'cjs',
  // Modules find their files beside dist/ through import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__import_meta_url' },
  // "use strict" first: esbuild's own comes after the banner, where it is no directive.
  banner: { js: "'use strict';const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  outExtension: { '.js': '.cjs' },
  // Whitespace and comments out (names kept, for readable stacks): the launcher reads
  // the whole file at every start, and comments hold Chinese the pass below would escape.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
});
// esbuild escapes non-ASCII characters in strings, identifiers and plain templates,
// not in regular expressions, and one such character makes the whole 2 MB source a
// UTF-16 string at every start: escape them. \uXXXX is the same unit in a regular
// expression, with or without the u flag, but would not be after a backslash (\中 is
// 中, \\u4e2d is not) nor in a tagged template (its raw strings change): the compile
// stops unless every such character is in a regular expression literal (as found
// after a token that starts an expression) and not escaped. The pass shifts source
// map columns after what it escapes. The file is renamed into place: a CLI started
// meanwhile reads the old whole or the new.
const cliFile = join(root, 'dist/cli.cjs');
const cliSource = readFileSync(cliFile, 'utf8');
checkPlainScript(cliSource);
writeFileSync(`${cliFile}.tmp`, cliSource.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
renameSync(`${cliFile}.tmp`, cliFile);
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

/** Throws unless the CLI bundle can run as a node:vm script with its non-ASCII characters escaped. */
function checkPlainScript(source) {
  const fail = (what) => {
    throw new Error(`dist/cli.cjs has ${what}: scripts/compile.mjs cannot make it a plain ASCII script`);
  };
  // Left in, these fail only when their path runs: a node:vm script has no module loader.
  if (/\bimport\(|\bimport\.meta\b/.test(source)) fail('a dynamic import or import.meta');
  const literal = /(?<=[(,=:[!&|?{};>]|\breturn)\/(?![*/])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+\/[dgimsuvy]*/g;
  const literals = [...source.matchAll(literal)].map((m) => [m.index, m.index + m[0].length]);
  let k = 0;
  for (const { index } of source.matchAll(/[^\0-\x7f]/g)) {
    const near = JSON.stringify(source.slice(index - 30, index + 5));
    while (k < literals.length && literals[k][1] <= index) k++;
    if (!(k < literals.length && literals[k][0] < index)) fail(`a non-ASCII character outside a regular expression (${near})`);
    if (source[index - 1] === '\\') fail(`an escaped non-ASCII character (${near})`);
  }
}
