import { existsSync } from 'node:fs';
import { readMeta } from '../db/glossary-repository.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { isPostgresUrl } from '../db/store-location.ts';
import { needsBuild } from '../glossary/glossary-files.ts';
import { buildPosition, builtJournal } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import type { BuildOptions } from './build-command.ts';
import { serviceStoreExists } from '../db/store-location.ts';

/**
 * Build the store first when it is missing or older than the glossary; false if that
 * build failed, or if the store was built with another service store's changes (said
 * on standard error: rebuild). Not rebuilt then: a wrong SERVICE_DB is more often a
 * mistake to fix than a journal to build from, and a rebuild would drop the changes.
 * In PostgreSQL (DATABASE_URL), builds are a deploy step (`glossary build`): a start
 * builds only when there is no build yet, or the current one's tables are older than
 * this version's; a replica's checkout, older or newer, never replaces it unasked.
 */
export async function ensureStore(options: BuildOptions): Promise<boolean> {
  const postgres = isPostgresUrl(options.db);
  // A store file is judged against the folder, which must be there; a generation needs it only to be built.
  const folder = existsSync(options.glossary);
  const stale = postgres ? !(await generationIsCurrent(options.db)) : !folder || needsBuild(options.glossary, options.db);
  if (stale) {
    if (!folder) {
      console.error(`the glossary folder ${options.glossary} does not exist; set GLOSSARY_DIR to the folder of glossary .yaml files`);
      return false;
    }
    const { runBuild } = await import('./build-command.ts');
    if ((await runBuild({ ...options, onlyIfStale: true })) !== 0) return false;
  }
  if (!serviceStoreExists(options.service)) return true;
  const source = await glossarySource(options.db);
  try {
    const store = await source.open();
    try {
      const built = builtJournal(await readMeta(store.db));
      const position = await withServiceStore(options.service, (service) => buildPosition(built, service));
      if (position.ok) return true;
      console.error(`${source.name}: ${position.error}`);
      return false;
    } finally {
      await store.close();
    }
  } finally {
    await source.close();
  }
}

/** Is there a current build in PostgreSQL that this version reads? */
async function generationIsCurrent(url: string): Promise<boolean> {
  const { GenerationSource, isFresh } = await import('../db/glossary-generations.ts');
  const source = await GenerationSource.connect(url);
  try {
    return isFresh(await source.current());
  } finally {
    await source.close();
  }
}
