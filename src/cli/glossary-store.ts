import type { Config } from '../config.ts';
import type { Store } from '../db/connection.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { withServiceStore } from '../service/service-store.ts';
import { readMeta } from '../db/glossary-repository.ts';
import { buildPosition, builtJournal, lastChangeSeq } from '../service/journal.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { ensureStore } from './ensure-store.ts';
import { serviceStoreExists } from '../db/store-location.ts';

/**
 * The glossary as the service would answer: the built store plus the changes made
 * through the service since that build (when there is a service store). `changed` is
 * changedByService's answer, when the caller has asked it already.
 */
export async function loadGlossary(config: Config, db: Store, changed?: boolean): Promise<GlossarySnapshot> {
  if (!(changed ?? (await changedByService(config, db)))) return GlossarySnapshot.load(db);
  // The keeper (and the entry schema it checks writes with) only when there are service changes to apply.
  const { GlossaryKeeper } = await import('../service/glossary-keeper.ts');
  return withServiceStore(config.serviceStore, async (service) => (await GlossaryKeeper.open(db, service)).current());
}

/**
 * Has the service changed the glossary since the store was built: is there a service
 * store whose journal has changes after those the build applied? Where it has none
 * (most of the time: a build takes them in), the store answers as it is, and a
 * command reads only what it needs of it (the lookup index, a sentence's names)
 * rather than the whole glossary with the journal laid over it.
 */
export async function changedByService(config: Config, db: Store): Promise<boolean> {
  if (!serviceStoreExists(config.serviceStore)) return false;
  const built = builtJournal(await readMeta(db));
  return withServiceStore(config.serviceStore, async (service) => {
    const position = await buildPosition(built, service);
    // A build of another journal: the whole path reads it and says so.
    return !position.ok || (await lastChangeSeq(service)) > position.seq;
  });
}

/** Open the store, building it first when it is missing or older than the glossary files. */
export async function withStore<T>(config: Config, use: (db: Store) => Promise<T>): Promise<T> {
  if (!(await ensureStore({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore }))) process.exit(1);
  const source = await glossarySource(config.glossaryStore);
  try {
    const store = await source.open();
    try {
      return await use(store.db);
    } finally {
      await store.close();
    }
  } finally {
    await source.close();
  }
}
