import { SingleBar, Presets } from 'cli-progress';
import { existsSync } from 'node:fs';
import { openStore } from '../db/connection.ts';
import { readMeta } from '../db/glossary-repository.ts';
import { buildGlossary, needsBuild, type BuildJournal, type BuildProgress } from '../glossary/build.ts';
import { builtJournal } from '../service/glossary-keeper.ts';
import { buildPosition, readJournalForBuild } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import { errorLines, GlossaryInvalid } from '../glossary/glossary-error.ts';

/** Build with a progress bar on a terminal and a one-line summary; returns the exit code. */
export interface BuildOptions {
  readonly glossary: string;
  readonly db: string;
  /** The service store, whose changes not yet exported to files the build applies. */
  readonly service?: string;
  readonly quiet?: boolean;
}

/** The service's changes not yet in glossary/ files, the journal's last sequence number and its name. */
async function journalOf(servicePath: string | undefined): Promise<BuildJournal> {
  if (!servicePath || !existsSync(servicePath)) return { changes: [], lastSeq: 0 };
  return withServiceStore(servicePath, readJournalForBuild);
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const bar = process.stderr.isTTY && !options.quiet ? new SingleBar({ format: ' {phase} [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic) : null;
  let phase = '';
  const onProgress = (p: BuildProgress): void => {
    if (!bar) return;
    if (p.phase !== phase) {
      if (phase) bar.stop();
      phase = p.phase;
      bar.start(p.total, 0, { phase: p.phase.padEnd(6) });
    }
    bar.update(p.done);
  };
  try {
    const journal = await journalOf(options.service);
    const report = await buildGlossary(options.glossary, options.db, onProgress, journal);
    bar?.stop();
    if (!options.quiet) {
      const edits = journal.changes.length > 0 ? ` and ${new Set(journal.changes.map((c) => c.entityId)).size} entities changed through the service (not yet exported to files)` : '';
      console.error(
        `built ${options.db}: ${report.entities} entities, ${report.names} names, ${report.variants} variants, ` +
          `${report.pinyin} pinyin keys, ${report.ambiguousKeys} declared ambiguous keys, 0 conflicts ` +
          `from ${report.files} files${edits} in ${report.seconds.toFixed(2)} s`,
      );
    }
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof GlossaryInvalid) {
      console.error(errorLines(error.errors).join('\n'));
      console.error(`build failed: ${error.errors.length} error${error.errors.length === 1 ? '' : 's'}; ${options.db} was not changed`);
      return 1;
    }
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}; ${options.db} was not changed`);
    return 1;
  }
}

/**
 * Build the store first when it is missing or older than the glossary; false if that
 * build failed, or if the store was built with another service store's changes (said
 * on standard error: rebuild). Not rebuilt then: a wrong SERVICE_DB is more often a
 * mistake to fix than a journal to build from, and a rebuild would drop the changes.
 */
export async function ensureStore(options: BuildOptions): Promise<boolean> {
  if (!existsSync(options.glossary)) {
    console.error(`the glossary folder ${options.glossary} does not exist; set GLOSSARY_DIR to the folder of glossary .yaml files`);
    return false;
  }
  if (needsBuild(options.glossary, options.db)) return (await runBuild(options)) === 0;
  if (!options.service || !existsSync(options.service)) return true;
  const db = openStore(options.db, { readonly: true });
  try {
    const built = builtJournal(await readMeta(db));
    const position = await withServiceStore(options.service, (service) => buildPosition(built, service));
    if (position.ok) return true;
    console.error(`${options.db}: ${position.error}`);
    return false;
  } finally {
    await db.destroy();
  }
}
