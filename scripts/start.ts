// `npm start`: build the store if it is missing or older than glossary/, then serve.
import { ensureStore } from '../src/cli/ensure-store.ts';
import { configOrExit } from '../src/config.ts';
import { ListenError, startServer } from '../src/server.ts';
import { storeName } from '../src/db/store-location.ts';

const config = configOrExit();
if (!(await ensureStore({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore }))) process.exit(1);
const server = await startServer(config).catch((error: unknown) => {
  if (!(error instanceof ListenError)) throw error;
  console.error(error.message);
  process.exit(1);
});
console.error(`serving ${storeName(config.glossaryStore)} on http://${config.host}:${server.port} (docs at /docs)`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
