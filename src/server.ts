import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './http/app.ts';
import { readNodeJsonBody } from './node-body.ts';
import { GlossaryKeeper } from './service/glossary-keeper.ts';
import { openService } from './service/service-store.ts';
import { TranslationMemory } from './tm/translation-memory.ts';
import { openTm } from './tm/tm-repository.ts';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Serve the API on host:port from the store at dbPath; resolves once listening. */
export async function startServer(options: { dbPath: string; tmPath: string; servicePath: string; corsOrigins?: readonly string[]; port: number; host: string }): Promise<RunningServer> {
  const service = await openService(options.servicePath);
  // Follows the journal (edits) and the store file (a new build) without a restart.
  const keeper = await GlossaryKeeper.watch(options.dbPath, service);
  const tmDb = await openTm(options.tmPath);
  const tm = await TranslationMemory.open(tmDb, keeper.current());
  // Entity tokens in the memory's index follow the glossary (in the background).
  keeper.onChange((snapshot) => void tm.useGlossary(snapshot).catch((error: unknown) => console.error(`translation memory re-index failed: ${String(error)}`)));
  const app = createApp({ glossary: () => keeper.current(), keeper, service, tm, corsOrigins: options.corsOrigins, readJsonBody: readNodeJsonBody });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
  });
  // Right after start, before editors arrive: the first write then costs what the others do.
  setImmediate(() => keeper.warmUp());
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Stop accepting, let requests in flight finish, then close the database.
        server.close(() => void Promise.all([tmDb.destroy(), service.destroy()]).then(() => resolve(), () => resolve()));
      })),
  };
}
