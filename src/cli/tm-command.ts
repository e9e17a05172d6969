import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Store } from '../db/connection.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { TmIndex } from '../tm/tm-index.ts';
import { createWriteStream } from 'node:fs';
import { openTm } from '../tm/tm-repository.ts';
import { exportTmx } from '../tm/tmx-export.ts';
import { importTmxFile, type ImportReport } from '../tm/tmx-import.ts';
import { TmxError } from '../tm/tmx-reader.ts';

type WithStore = <T>(use: (db: Store) => Promise<T>) => Promise<T>;

/** `glossary tm ...`: the translation memory (TM_DB, default data/tm.db). */
export function addTmCommands(program: Command, tmPath: string, withStore: WithStore): void {
  const tm = program.command('tm').description(`translation memory (TM_DB, default data/tm.db; now ${tmPath})`);
  tm.command('import')
    .description('import TMX files (1.1 to 1.4b, UTF-8 or UTF-16); each file is imported whole or not at all')
    .argument('<files...>', 'TMX files')
    .action(async (files: string[]) => {
      const db = await openTm(tmPath);
      let failed = 0;
      const totals = { added: 0, duplicates: 0, rejected: 0 };
      try {
        for (const file of files) {
          const bar = process.stderr.isTTY ? new SingleBar({ format: ` ${file} [{bar}] {percentage}%`, stream: process.stderr }, Presets.shades_classic) : null;
          bar?.start(100, 0);
          try {
            const report = await importTmxFile(db, file, (read, total) => bar?.update(Math.round((read / Math.max(1, total)) * 100)));
            bar?.stop();
            printReport(report);
            totals.added += report.added;
            totals.duplicates += report.duplicates;
            totals.rejected += report.rejected.length;
          } catch (error) {
            bar?.stop();
            failed++;
            const message = error instanceof TmxError ? error.message : `${file}: ${(error as Error).message}`;
            console.error(`${message}\n${file}: not imported; the memory is unchanged`);
          }
        }
      } finally {
        await db.destroy();
      }
      if (files.length > 1) console.error(`total: ${totals.added} units added, ${totals.duplicates} duplicates skipped, ${totals.rejected} rejected, ${failed} files failed`);
      process.exitCode = failed > 0 ? 1 : 0;
    });

  tm.command('export')
    .description('export the whole memory as TMX 1.4b (to standard output, or --out)')
    .option('-o, --out <file>', 'write to a file')
    .action(async (options: { out?: string }) => {
      const db = await openTm(tmPath);
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      try {
        for await (const chunk of exportTmx(db)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      } finally {
        await db.destroy();
      }
      if (options.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
      if (options.out) console.error(`exported the memory to ${options.out}`);
    });

  tm.command('lookup')
    .description('fuzzy matches for a segment (the same JSON as POST /v1/tm/lookup with --json)')
    .argument('<text>', 'the segment to translate')
    .requiredOption('--from <lang>', 'the segment\'s language, e.g. zh-TW')
    .requiredOption('--to <lang>', 'the language wanted, e.g. en')
    .option('--min-score <n>', 'lowest score to show, 0-100', (v) => Number(v), 70)
    .option('--json', 'print JSON')
    .action(async (text: string, options: { from: string; to: string; minScore: number; json?: boolean }) => {
      await withIndex(tmPath, withStore, (index) => {
        const matches = index.lookup({ text, from: options.from, to: options.to, minScore: options.minScore });
        if (options.json) return void console.log(JSON.stringify({ matches }, null, 2));
        if (matches.length === 0) {
          console.error(`no match of ${options.minScore}% or more`);
          process.exitCode = 1;
        }
        for (const m of matches) console.log(`${m.score}%${m.patched ? ' (patched)' : ''}  ${m.source}\n      ${m.target}`);
      });
    });

  tm.command('search')
    .description('every unit with a segment containing a word or name, in any script (GET /v1/tm/search)')
    .argument('<query>', 'a word or name')
    .option('--json', 'print JSON')
    .action(async (query: string, options: { json?: boolean }) => {
      await withIndex(tmPath, withStore, (index) => {
        const units = index.search(query);
        if (options.json) return void console.log(JSON.stringify({ units }, null, 2));
        for (const u of units) console.log(`#${u.unitId}  ${Object.entries(u.segments).map(([l, t]) => `${l}: ${t}`).join('  |  ')}`);
        if (units.length === 0) process.exitCode = 1;
      });
    });
}

/** Load the TM index over the current glossary, run use, close everything. */
async function withIndex(tmPath: string, withStore: WithStore, use: (tm: TmIndex) => void): Promise<void> {
  await withStore(async (store) => {
    const glossary = await GlossarySnapshot.load(store);
    const db = await openTm(tmPath);
    try {
      use(await TmIndex.load(db, glossary));
    } finally {
      await db.destroy();
    }
  });
}

function printReport(r: ImportReport): void {
  console.error(`${r.file}: ${r.added} units added, ${r.duplicates} duplicates skipped, ${r.rejected.length} rejected`);
  for (const x of r.rejected.slice(0, 20)) console.error(`  ${r.file}:${x.line}: rejected: ${x.reason}`);
  if (r.rejected.length > 20) console.error(`  ... and ${r.rejected.length - 20} more`);
}
