#!/usr/bin/env node
// The `glossary` command: runs the TypeScript CLI through tsx, so no compile step is needed.
import { readFileSync } from 'node:fs';

// The version alone needs none of the CLI: answer before tsx compiles it (tens of ms, not seconds).
if (process.argv.length === 3 && ['--version', '-v'].includes(process.argv[2])) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
