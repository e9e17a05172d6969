import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

/** Every relative module a source file imports, as written. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => m[1]!);
}

describe('layers', () => {
  it('the CLI and the service code import nothing from the HTTP layer', () => {
    const offenders: string[] = [];
    for (const folder of ['src/cli', 'src/service']) {
      for (const name of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.ts'))) {
        for (const spec of importsOf(join(ROOT, folder, name))) if (spec.includes('/http/')) offenders.push(`${folder}/${name}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
