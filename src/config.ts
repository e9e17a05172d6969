import { isPostgresUrl } from './db/store-location.ts';

/** Settings from the environment, read once at the edge and passed down. */
export interface Config {
  readonly glossaryDir: string;
  /**
   * The built glossary: a SQLite file (GLOSSARY_DB) each build replaces, or the
   * generations each build writes in DATABASE_URL's PostgreSQL, which replicas share.
   */
  readonly glossaryStore: string;
  /** The translation memory: its own SQLite file (TM_DB), or beside the service store in DATABASE_URL's PostgreSQL. */
  readonly tmStore: string;
  /**
   * Write tokens and the journal of service edits (never replaced by a build): a
   * SQLite file (SERVICE_DB), or the PostgreSQL database of DATABASE_URL, which
   * replicas of the service share.
   */
  readonly serviceStore: string;
  /** Origins allowed to call the API from a browser: '*', or a comma-separated list; none by default. */
  readonly corsOrigins: readonly string[];
  readonly port: number;
  readonly host: string;
  /** How the service guards itself against clients that send slowly, or too much at once. */
  readonly limits: ServerLimits;
}

export interface ServerLimits {
  /** A request's headers and body must arrive within this many milliseconds (BODY_TIMEOUT_MS). */
  readonly bodyTimeoutMs: number;
  /** Request bodies held at once, across all requests in flight, in bytes (BODY_BUDGET_MB). */
  readonly bodyBudgetBytes: number;
  /** Open connections at most (MAX_CONNECTIONS); the next ones are closed at once. */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = { bodyTimeoutMs: 10_000, bodyBudgetBytes: 64 * 1024 * 1024, maxConnections: 2_000 };

/** A setting the user got wrong: printed as one line naming the variable, without a stack. */
export class ConfigError extends Error {}

/** The settings, or ConfigError naming the first variable that is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not ${env.PORT}`);
  return {
    glossaryDir: env.GLOSSARY_DIR ?? 'glossary',
    glossaryStore: databaseUrl(env) ?? env.GLOSSARY_DB ?? 'data/glossary.db',
    tmStore: databaseUrl(env) ?? env.TM_DB ?? 'data/tm.db',
    serviceStore: databaseUrl(env) ?? env.SERVICE_DB ?? 'data/service.db',
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    port,
    host: env.HOST ?? '127.0.0.1',
    limits: {
      bodyTimeoutMs: positive(env, 'BODY_TIMEOUT_MS', DEFAULT_LIMITS.bodyTimeoutMs, 'milliseconds, e.g. 10000'),
      bodyBudgetBytes: positive(env, 'BODY_BUDGET_MB', DEFAULT_LIMITS.bodyBudgetBytes / 1024 / 1024, 'megabytes, e.g. 64') * 1024 * 1024,
      maxConnections: positive(env, 'MAX_CONNECTIONS', DEFAULT_LIMITS.maxConnections, 'connections, e.g. 2000'),
    },
  };
}

/** DATABASE_URL when set: a postgres:// URL, or ConfigError. */
function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return undefined;
  if (!isPostgresUrl(url)) throw new ConfigError("DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/glossary (it is not shown here: it may hold a password)");
  return url;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, what: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive whole number (${what}), not ${raw}`);
  return n;
}

/** configFromEnv for a command's entry point: a wrong setting is one line on stderr and exit code 2. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return configFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`glossary: ${error.message}`);
    process.exit(2);
  }
}
