import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { openTm } from '../tm/tm-repository.ts';
import { importTmxFile, type ImportReport } from '../tm/tmx-import.ts';
import { TmxError } from '../tm/tmx-reader.ts';

/** `glossary tm ...`: the translation memory (TM_DB, default data/tm.db). */
export function addTmCommands(program: Command, tmPath: string): void {
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
}

function printReport(r: ImportReport): void {
  console.error(`${r.file}: ${r.added} units added, ${r.duplicates} duplicates skipped, ${r.rejected.length} rejected`);
  for (const x of r.rejected.slice(0, 20)) console.error(`  ${r.file}:${x.line}: rejected: ${x.reason}`);
  if (r.rejected.length > 20) console.error(`  ... and ${r.rejected.length - 20} more`);
}
