import { createRequire } from 'node:module';
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
