import { existsSync } from 'node:fs';
import { readMeta } from '../db/glossary-repository.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { buildPosition, builtJournal, lastChangeSeq } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import type { BuildOptions } from './build-command.ts';
import { serviceStoreExists } from '../db/store-location.ts';

/** A store ready to read: built, and of the service store's journal. */
export interface ReadyStore {
  /**
   * Has the service changed the glossary since the store was built (its journal has
   * changes after those the build applied)? Most of the time not (a build takes them
   * in): the store then answers as it is, and a command reads only what it needs of
   * it (the lookup index, a sentence's names) rather than the whole glossary with the
   * journal laid over it.
   */
  readonly changedByService: boolean;
}

/**
 * Build the store first when it is stale (GlossarySource.isFresh: a file missing or
 * older than the glossary; no generation in PostgreSQL, or one older than this
 * version); undefined if that build failed, or if the store was built with another
 * service store's changes (said on standard error: rebuild). Not rebuilt then: a
 * wrong SERVICE_DB is more often a mistake to fix than a journal to build from, and a
 * rebuild would drop the changes. The service store is read once, for both answers.
 */
export async function storeReady(options: BuildOptions): Promise<ReadyStore | undefined> {
  const source = await glossarySource(options.db);
  try {
    if (!(await source.isFresh(options.glossary))) {
      if (!existsSync(options.glossary)) {
        console.error(`the glossary folder ${options.glossary} does not exist; set GLOSSARY_DIR to the folder of glossary .yaml files`);
        return undefined;
      }
      const { runBuild } = await import('./build-command.ts');
      if ((await runBuild({ ...options, onlyIfStale: true })) !== 0) return undefined;
    }
    if (!serviceStoreExists(options.service)) return { changedByService: false };
    const store = await source.open();
    try {
      const built = builtJournal(await readMeta(store.db));
      const answer = await withServiceStore(options.service, async (service) => {
        const position = await buildPosition(built, service);
        return position.ok ? { changedByService: (await lastChangeSeq(service)) > position.seq } : position;
      });
      if ('changedByService' in answer) return answer;
      console.error(`${source.name}: ${answer.error}`);
      return undefined;
    } finally {
      await store.close();
    }
  } finally {
    await source.close();
  }
}

/** storeReady, for a caller that only needs to know the store can be read. */
export async function ensureStore(options: BuildOptions): Promise<boolean> {
  return (await storeReady(options)) !== undefined;
}
