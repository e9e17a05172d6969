#!/usr/bin/env node
// The `glossary` command: the CLI compiled into dist/ (npm install compiles it; after
// changing src/, `npm run compile`).
import { existsSync, readFileSync } from 'node:fs';

// The version alone needs none of the CLI: answer before loading it.
if (process.argv.length === 3 && ['--version', '-v'].includes(process.argv[2])) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('glossary: the CLI is not compiled (dist/cli.mjs is missing); run npm install, or npm run compile');
  process.exit(1);
}
await import(cli.href);
