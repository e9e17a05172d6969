import { SingleBar, Presets } from 'cli-progress';
import { buildGlossary, buildIfStale, type BuildJournal, type BuildProgress } from '../glossary/build.ts';
import { readJournalForBuild } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import { errorLines, GlossaryInvalid } from '../glossary/glossary-error.ts';
import { IMPORTED_DIR } from '../glossary/glossary-files.ts';
import { serviceStoreExists, storeName } from '../db/store-location.ts';

/** Build with a progress bar on a terminal and a one-line summary; returns the exit code. */
export interface BuildOptions {
  readonly glossary: string;
  /** The glossary store: a SQLite file, or a PostgreSQL URL (a new generation there). */
  readonly db: string;
  /** The service store, whose changes not yet exported to files the build applies. */
  readonly service?: string;
  readonly quiet?: boolean;
  /** Build only when the store is missing or older than the glossary (a start's build); skipped quietly otherwise. */
  readonly onlyIfStale?: boolean;
}

/** The service's changes not yet in glossary/ files, the journal's last sequence number and its name. */
async function journalOf(serviceStore: string | undefined): Promise<BuildJournal> {
  if (!serviceStoreExists(serviceStore)) return { changes: [], lastSeq: 0 };
  return withServiceStore(serviceStore, readJournalForBuild);
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
    const report = await (options.onlyIfStale ? buildIfStale : buildGlossary)(options.glossary, options.db, { onProgress, journal });
    bar?.stop();
    if (report && !options.quiet) {
      const where = report.store === options.db ? report.store : `${report.store} in ${storeName(options.db)}`;
      const edits = journal.changes.length > 0 ? ` and ${new Set(journal.changes.map((c) => c.entityId)).size} entities changed through the service (not yet exported to files)` : '';
      console.error(
        `built ${where}: ${report.entities} entities, ${report.names} names, ${report.variants} variants, ` +
          `${report.pinyin} pinyin keys, ${report.ambiguousKeys} declared ambiguous keys, 0 conflicts ` +
          `from ${report.files} files${edits} in ${report.seconds.toFixed(2)} s`,
      );
      const i = report.imported;
      if (i.unmarked > 0) console.error(`  ${i.unmarked} files in glossary/${IMPORTED_DIR} were not written by \`glossary import\` and were not read: curated entries go in glossary/*.yaml`);
      if (i.files > 0) {
        console.error(
          `  imported layer (${i.files} files in glossary/${IMPORTED_DIR}): ${i.entries} entities taken (${i.scoped} of them terms and titles rewritten only where their topic is enabled); left out: ${i.leftOut} whose id or every name a curated or earlier entry has, ` +
            `${i.namesLeftOut} names such an entry has, ${i.onlyWritten} whose names are only written`,
        );
      }
    }
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof GlossaryInvalid) {
      console.error(errorLines(error.errors).join('\n'));
      console.error(`build failed: ${error.errors.length} error${error.errors.length === 1 ? '' : 's'}; ${storeName(options.db)} was not changed`);
      return 1;
    }
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}; ${storeName(options.db)} was not changed`);
    return 1;
  }
}
