// Which files make the glossary, and whether a built store is older than them: all the
// CLI needs before a command reads the store, without loading the build's code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The glossary's files in a stable order: every `*.yaml` / `*.yml` directly in dir. */
export function glossaryFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Is the database missing, or older than any glossary file (or the folder itself)? */
export function needsBuild(dir: string, dbPath: string): boolean {
  if (!existsSync(dbPath)) return true;
  const built = statSync(dbPath).mtimeMs;
  return [dir, ...glossaryFiles(dir)].some((path) => statSync(path).mtimeMs > built);
}
