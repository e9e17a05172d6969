import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as OpenCCModule from 'opencc-js';

let loaded: typeof OpenCCModule | undefined;

/**
 * opencc-js, loaded on first use rather than imported: its dictionaries are 2.5 MB
 * of JavaScript that a lookup, an export or a build from a compiled fold table never
 * needs, and a process pays for parsing them at start if they are imported.
 */
export function opencc(): typeof OpenCCModule {
  loaded ??= createRequire(import.meta.url)('opencc-js') as typeof OpenCCModule;
  return loaded;
}

/**
 * The version of opencc-js installed, read from its package.json without loading it:
 * what a compiled conversion artifact is stamped with. openccVersion() -> '1.4.2'
 */
export function openccVersion(): string {
  // The package's exports hide package.json; it sits two folders above the UMD bundle.
  const main = createRequire(import.meta.url).resolve('opencc-js');
  return (JSON.parse(readFileSync(join(dirname(main), '../../package.json'), 'utf8')) as { version: string }).version;
}
