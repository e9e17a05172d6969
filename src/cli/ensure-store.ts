import { existsSync } from 'node:fs';
import { readMeta } from '../db/glossary-repository.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { buildPosition, builtJournal } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import type { BuildOptions } from './build-command.ts';
import { serviceStoreExists } from '../db/store-location.ts';

/**
 * Build the store first when it is stale (GlossarySource.isFresh: a file missing or
 * older than the glossary; no generation in PostgreSQL, or one older than this
 * version); false if that build failed, or if the store was built with another
 * service store's changes (said on standard error: rebuild). Not rebuilt then: a
 * wrong SERVICE_DB is more often a mistake to fix than a journal to build from, and a
 * rebuild would drop the changes.
 */
export async function ensureStore(options: BuildOptions): Promise<boolean> {
  const source = await glossarySource(options.db);
  try {
    if (!(await source.isFresh(options.glossary))) {
      if (!existsSync(options.glossary)) {
        console.error(`the glossary folder ${options.glossary} does not exist; set GLOSSARY_DIR to the folder of glossary .yaml files`);
        return false;
      }
      const { runBuild } = await import('./build-command.ts');
      if ((await runBuild({ ...options, onlyIfStale: true })) !== 0) return false;
    }
    if (!serviceStoreExists(options.service)) return true;
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
