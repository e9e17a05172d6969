/** Settings from the environment, read once at the edge and passed down. */
export interface Config {
  readonly glossaryDir: string;
  readonly dbPath: string;
  /** The translation memory's own SQLite file. */
  readonly tmPath: string;
  /** Write tokens and the journal of service edits (never replaced by a build). */
  readonly servicePath: string;
  /** Origins allowed to call the API from a browser: '*', or a comma-separated list; none by default. */
  readonly corsOrigins: readonly string[];
  readonly port: number;
  readonly host: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    glossaryDir: env.GLOSSARY_DIR ?? 'glossary',
    dbPath: env.GLOSSARY_DB ?? 'data/glossary.db',
    tmPath: env.TM_DB ?? 'data/tm.db',
    servicePath: env.SERVICE_DB ?? 'data/service.db',
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    port,
    host: env.HOST ?? '127.0.0.1',
  };
}
