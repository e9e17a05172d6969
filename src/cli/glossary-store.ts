import type { Config } from '../config.ts';
import type { Store } from '../db/connection.ts';
import { glossarySource } from '../db/glossary-source.ts';
import { withServiceStore } from '../service/service-store.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { storeReady } from './ensure-store.ts';

/**
 * The glossary as the service would answer: the built store plus the changes made
 * through the service since that build, when it made any (withStore says).
 */
export async function loadGlossary(config: Config, db: Store, changedByService: boolean): Promise<GlossarySnapshot> {
  if (!changedByService) return GlossarySnapshot.load(db);
  // The keeper (and the entry schema it checks writes with) only when there are service changes to apply.
  const { GlossaryKeeper } = await import('../service/glossary-keeper.ts');
  return withServiceStore(config.serviceStore, async (service) => (await GlossaryKeeper.open(db, service)).current());
}

/**
 * Open the store, building it first when it is missing or older than the glossary
 * files; use gets it and whether the service has changed the glossary since
 * (ReadyStore.changedByService).
 */
export async function withStore<T>(config: Config, use: (db: Store, changedByService: boolean) => Promise<T>): Promise<T> {
  const ready = await storeReady({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore });
  if (!ready) process.exit(1);
  const source = await glossarySource(config.glossaryStore);
  try {
    const store = await source.open();
    try {
      return await use(store.db, ready.changedByService);
    } finally {
      await store.close();
    }
  } finally {
    await source.close();
  }
}
