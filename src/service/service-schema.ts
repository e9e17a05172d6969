import type { Generated } from 'kysely';

/**
 * The service's own SQLite file (SERVICE_DB, default data/service.db): write tokens
 * and the journal of every change made through the service. The glossary database is
 * rebuilt from files and replaced whole; this file is never touched by a build.
 */
export interface TokenTable {
  name: string;
  /** SHA-256 of the token, hex; the token itself is shown once and never stored. */
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** One change to one entity: who, when, before and after (JSON entries; null = absent). */
export interface EntityChangeTable {
  seq: Generated<number>;
  entity_id: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  actor: string;
  at: string;
  before: string | null;
  after: string | null;
  /** 1 once `glossary export --format yaml` has written the change into glossary/. */
  merged: number;
}

/**
 * One row: this store's journal's name, made when the store is created. Change numbers
 * mean something only within one journal; a build records the name with the number.
 */
export interface JournalTable {
  id: string;
}

export interface ServiceDatabase {
  token: TokenTable;
  journal: JournalTable;
  entity_change: EntityChangeTable;
}
