import { existsSync } from 'node:fs';

// Depends on nothing heavy: the settings (config.ts) and commands that only ask where a store is read it.

/** Is this store location a PostgreSQL connection URL (DATABASE_URL) rather than a file? */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\/./i.test(location);
}

/** A store location as messages name it: a file's path, or DATABASE_URL (a URL may hold a password). */
export function storeName(location: string): string {
  return isPostgresUrl(location) ? 'DATABASE_URL' : location;
}

/** Is there a service store at location? A PostgreSQL database always has one (opening it migrates). */
export function serviceStoreExists(location: string | undefined): location is string {
  return location !== undefined && (isPostgresUrl(location) || existsSync(location));
}
