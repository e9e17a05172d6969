import type { Config } from '../config.ts';
import type { Store } from '../db/connection.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { withServiceStore } from '../service/service-store.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { ensureStore } from './ensure-store.ts';
import { serviceStoreExists } from '../db/store-location.ts';

/**
 * The glossary as the service would answer: the built store plus the changes made
 * through the service since that build (when there is a service store).
 */
export async function loadGlossary(config: Config, db: Store): Promise<GlossarySnapshot> {
  if (!serviceStoreExists(config.serviceStore)) return GlossarySnapshot.load(db);
  // The keeper (and the entry schema it checks writes with) only when there are service changes to apply.
  const { GlossaryKeeper } = await import('../service/glossary-keeper.ts');
  return withServiceStore(config.serviceStore, async (service) => (await GlossaryKeeper.open(db, service)).current());
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
