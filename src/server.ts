import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { DEFAULT_LIMITS, type ServerLimits } from './config.ts';
import { createApp } from './http/app.ts';
import { BodyBudget, nodeBodyReader } from './node-body.ts';
import { GlossaryKeeper } from './service/glossary-keeper.ts';
import { openService } from './service/service-store.ts';
import { TranslationMemory } from './tm/translation-memory.ts';
import { openTm } from './tm/tm-repository.ts';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The port cannot be listened on: taken by another program, or reserved. The message says what to do. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** Serve the API on host:port from the glossary store (a file or a PostgreSQL URL); resolves once listening, rejects with a ListenError when it cannot. */
export async function startServer(options: { glossaryStore: string; tmStore: string; serviceStore: string; corsOrigins?: readonly string[]; port: number; host: string; limits?: ServerLimits }): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const service = await openService(options.serviceStore);
  let keeper: GlossaryKeeper | undefined;
  let tmDb: Awaited<ReturnType<typeof openTm>> | undefined;
  let tm: TranslationMemory;
  try {
    // Follows the journal (edits) and the store (a new build) without a restart.
    keeper = await GlossaryKeeper.watch(options.glossaryStore, service, options.serviceStore);
    tmDb = await openTm(options.tmStore);
    tm = await TranslationMemory.open(tmDb, keeper.current());
  } catch (error) {
    // A store that fails to open (a migration, the database away) leaves no connection or timer behind.
    await keeper?.close().catch(() => undefined);
    await Promise.allSettled([tmDb?.destroy(), service.destroy()]);
    throw error;
  }
  // A `glossary tm import` while serving reaches lookups within a second, traffic or not.
  tm.followOtherWriters();
  // Entity tokens in the memory's index follow the glossary (in the background).
  keeper.onChange((snapshot) => void tm.useGlossary(snapshot).catch((error: unknown) => console.error(`translation memory re-index failed: ${String(error)}`)));
  const readBody = nodeBodyReader({ budget: new BodyBudget(limits.bodyBudgetBytes), timeoutMs: limits.bodyTimeoutMs });
  const app = createApp({ glossary: () => keeper.current(), keeper, service, tm, corsOrigins: options.corsOrigins, readBody });
  // Node checks its request deadlines every 30 s by default: too coarse for a 10 s one.
  const serverOptions = { connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.bodyTimeoutMs >> 2)) };
  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions }, () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
  } catch (error) {
    await Promise.allSettled([keeper.close(), tm.close()]);
    await Promise.allSettled([tmDb.destroy(), service.destroy()]);
    throw listenError(error, options.port);
  }
  guard(server as Server, limits);
  // Right after start, before editors arrive: the first write then costs what the others do.
  void keeper.warmUp().catch((error: unknown) => console.error(`glossary: warming up for edits failed (the first edit will do it): ${String(error)}`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Stop accepting, let requests in flight finish, stop following other writers, then close the databases.
        server.close(() =>
          void Promise.allSettled([keeper.close(), tm.close()])
            .then(() => Promise.allSettled([tmDb.destroy(), service.destroy()]))
            .then(() => resolve()),
        );
      })),
  };
}

/**
 * Node's own deadlines, behind the body reader's: headers must be in within the body
 * timeout, and a whole request (one whose body nobody reads, say) within both; past
 * them Node answers 408 and closes. A connection on which nothing moves for a minute
 * (a client that stopped reading a long answer) is closed, and what its request held
 * let go. Connections beyond the cap are closed on arrival. Idle keep-alive
 * connections close after Node's 5 s.
 */
function guard(server: Server, limits: ServerLimits): void {
  server.headersTimeout = limits.bodyTimeoutMs;
  server.requestTimeout = 2 * limits.bodyTimeoutMs + 1000;
  server.timeout = STALLED_SOCKET_MS;
  server.maxConnections = limits.maxConnections;
  // After listening, an error (accept failing for want of file descriptors) is one line, not a crash.
  server.on('error', (error) => console.error(`server: ${error.message}`));
}

const STALLED_SOCKET_MS = 60_000;

function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const other = port < 1024 || port === 65535 ? 3000 : port + 1;
  const choose = `choose another with PORT=${other} npm start or glossary serve --port ${other}`;
  if (code === 'EADDRINUSE') return new ListenError(`port ${port} is in use; ${choose}`);
  if (code === 'EACCES') return new ListenError(`port ${port} needs privileges this user does not have; ${choose}`);
  return error;
}
