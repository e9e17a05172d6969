// Vitest's global setup: compile src/ into dist/ before any test runs, so that the
// CLI and service processes the tests start run the code under test, not an older
// compile.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/compile.mjs'), '--quiet'], { stdio: 'inherit' });
}
