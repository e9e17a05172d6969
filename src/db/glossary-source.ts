import { existsSync, statSync } from 'node:fs';
import { openStore, type Store } from './connection.ts';
import { isPostgresUrl } from './store-location.ts';
import { needsBuild } from '../glossary/glossary-files.ts';

/** One build of the glossary store, open for reading. */
export interface OpenBuild {
  readonly db: Store;
  /** Which build it is: another value after a new build replaced it (GlossarySource.currentBuild). */
  readonly build: string;
  /** Let go of what opening it took: the file, or the generation's pin (the source holds the connections). */
  close(): Promise<void>;
}

/**
 * Where the built glossary is read from: a SQLite file (GLOSSARY_DB) that each build
 * replaces, or the current generation in PostgreSQL (DATABASE_URL), which one build
 * after another replaces for every replica. The service follows it with
 * currentBuild(), which is cheap: a stat, or one indexed row.
 *
 *   const source = await glossarySource('data/glossary.db');
 *   const { db, build, close } = await source.open();
 */
export interface GlossarySource {
  /** For messages: the file's path, or DATABASE_URL (a URL may hold a password). */
  readonly name: string;
  /** The current build's identity, undefined when nothing is built yet. */
  currentBuild(): Promise<string | undefined>;
  /**
   * Does the current build serve as it is, for the glossary files in glossaryDir? A
   * file: it exists and no glossary file is newer. A generation: there is one, at
   * this version's tables or later (builds over PostgreSQL are a deploy step: a
   * replica's checkout never replaces one unasked, and a replica needs no files).
   */
  isFresh(glossaryDir: string): Promise<boolean>;
  /** Open the current build; throws when there is none. */
  open(): Promise<OpenBuild>;
  close(): Promise<void>;
}

/** The source at location: a PostgreSQL URL or a SQLite file's path. PostgreSQL's code is loaded only for a URL. */
export async function glossarySource(location: string): Promise<GlossarySource> {
  if (!isPostgresUrl(location)) return new FileSource(location);
  const { GenerationSource } = await import('./glossary-generations.ts');
  return GenerationSource.connect(location);
}

/** A store file the build renames into place: its identity is its inode, modification time and size. */
class FileSource implements GlossarySource {
  constructor(readonly name: string) {}

  async currentBuild(): Promise<string | undefined> {
    return fileIdentity(this.name);
  }

  async isFresh(glossaryDir: string): Promise<boolean> {
    return existsSync(glossaryDir) && !needsBuild(glossaryDir, this.name);
  }

  async open(): Promise<OpenBuild> {
    const build = fileIdentity(this.name) ?? '';
    const db = openStore(this.name, { readonly: true });
    // An open file is the build it was: a new build renamed over the path does not change it.
    return { db, build, close: () => db.destroy() };
  }

  async close(): Promise<void> {}
}

function fileIdentity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}
