// Which files make the glossary, and whether a built store is older than them: all the
// CLI needs before a command reads the store, without loading the build's code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The glossary's files in a stable order: every `*.yaml` / `*.yml` directly in dir. */
export function glossaryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => /\.ya?ml$/.test(e.name) && !e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

/** The folder `glossary import` writes into, under the glossary's: a layer under the curated files. */
export const IMPORTED_DIR = 'wikipedia';

/** The imported files (glossary/wikipedia/*.yaml) in a stable order; none when the folder is absent. */
export function importedFiles(dir: string): string[] {
  const imported = join(dir, IMPORTED_DIR);
  return existsSync(imported) ? glossaryFiles(imported) : [];
}

/** Is the database missing, or older than any glossary file, imported ones included (or their folders)? */
export function needsBuild(dir: string, dbPath: string): boolean {
  return !existsSync(dbPath) || filesNewerThan(dir, statSync(dbPath).mtimeMs);
}

/** Has any glossary file, imported ones included (or their folders), changed after the time `built` (ms since the epoch)? */
function filesNewerThan(dir: string, built: number): boolean {
  const imported = join(dir, IMPORTED_DIR);
  const folders = existsSync(imported) ? [dir, imported] : [dir];
  return [...folders, ...glossaryFiles(dir), ...importedFiles(dir)].some((path) => statSync(path).mtimeMs > built);
}
