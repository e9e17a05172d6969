import type { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { terminalJson, visibleText } from '../stored-text.ts';
import type { TableExportStats } from '../tm/table-export.ts';
import type { TableFormat } from '../tm/table-import.ts';
import type { TranslationMemory } from '../tm/translation-memory.ts';
import type { TmStore, UnitView } from '../tm/tm-repository.ts';
import type { ImportReport } from '../tm/tmx-import.ts';
import { parseUnitInput } from '../tm/unit-input.ts';
import { encodingOption } from './read-text-file.ts';
import { unitId } from './cli-options.ts';

/** The memory's code, loaded when a tm command runs (never for another command or --help). */
const tmWork = () => import('./tm-work.ts');

/** `glossary tm ...`: the translation memory (TM_DB, default data/tm.db). */
export function addTmCommands(program: Command, config: Config): void {
  const tmStore = config.tmStore;
  const tm = program.command('tm').description(`translation memory (TM_DB, default data/tm.db; now ${tmStore})`);
  tm.command('import')
    .description('import TMX (1.1 to 1.4b, UTF-8 or UTF-16), or CSV/TSV with a header row of language tags; each file is imported whole or not at all')
    .argument('<files...>', 'TMX, .csv or .tsv files')
    .addOption(new Option('--format <format>', 'read every file as this format (default: by extension; TMX otherwise)').choices(['tmx', 'csv', 'tsv']))
    .option('--encoding <encoding>', 'CSV/TSV: read in this encoding, e.g. gbk or big5 (default UTF-8; TMX names its own in its XML declaration)', encodingOption)
    .action(async (files: string[], options: { format?: 'tmx' | TableFormat; encoding?: string }) => {
      const { importTableFile, importTmxFile, Presets, SingleBar, TableError, tableFormatOf, TmxError } = await tmWork();
      const tmx = files.filter((f) => (options.format ?? tableFormatOf(f) ?? 'tmx') === 'tmx');
      if (options.encoding && tmx.length > 0) {
        console.error(`${tmx[0]}: --encoding is for CSV/TSV files; a TMX file names its encoding in its XML declaration`);
        process.exit(2);
      }
      let failed = 0;
      const totals = { added: 0, duplicates: 0, rejected: 0 };
      await withTm(tmStore, async (db) => {
        for (const file of files) {
          const bar: SingleBar | null = process.stderr.isTTY ? new SingleBar({ format: ` ${file} [{bar}] {percentage}%`, stream: process.stderr }, Presets.shades_classic) : null;
          bar?.start(100, 0);
          try {
            const progress = (read: number, total: number): void => bar?.update(Math.round((read / Math.max(1, total)) * 100));
            const format = options.format ?? tableFormatOf(file) ?? 'tmx';
            const report = format === 'tmx' ? await importTmxFile(db, file, progress) : await importTableFile(db, file, format, progress, options.encoding);
            bar?.stop();
            printReport(report);
            totals.added += report.added;
            totals.duplicates += report.duplicates;
            totals.rejected += report.rejected.length;
          } catch (error) {
            bar?.stop();
            failed++;
            const message = error instanceof TmxError || error instanceof TableError ? error.message : `${file}: ${(error as Error).message}`;
            console.error(`${message}\n${file}: not imported; the memory is unchanged`);
          }
        }
      });
      if (files.length > 1) console.error(`total: ${totals.added} units added, ${totals.duplicates} duplicates skipped, ${totals.rejected} rejected, ${failed} files failed`);
      process.exitCode = failed > 0 ? 1 : 0;
    });

  tm.command('export')
    .description('export the whole memory: TMX 1.4b (lossless), or CSV/TSV with a column per language (to standard output, or --out)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['tmx', 'csv', 'tsv']).default('tmx'))
    .option('--bom', 'start CSV/TSV with a byte order mark, for spreadsheet programs')
    .option('-o, --out <file>', 'write to a file')
    .action(async (options: { format: 'tmx' | TableFormat; bom?: boolean; out?: string }) => {
      const { exportTable, exportTmx, refusedSummary, tmxExportStats, writeChunks } = await tmWork();
      const stats: TableExportStats = { units: 0, tagged: 0 };
      const tmxStats = tmxExportStats();
      await withTm(tmStore, (db) => writeChunks(options.format === 'tmx' ? exportTmx(db, { stats: tmxStats }) : exportTable(db, options.format, stats, { bom: options.bom }), options.out));
      if (tmxStats.escaped > 0) console.error(`${tmxStats.escaped} units held control characters stored before import refused them; they are written as visible escapes (\\u001b), so the export imports again`);
      if (tmxStats.refused > 0) console.error(refusedSummary(tmxStats));
      if (options.format !== 'tmx') {
        const tagged = stats.tagged > 0 ? `; ${stats.tagged} had inline tags, written as their native code (export TMX to keep them as tags)` : '';
        console.error(`exported ${stats.units} units as ${options.format.toUpperCase()}${options.out ? ` to ${options.out}` : ''}${tagged}`);
      } else if (options.out) {
        console.error(`exported the memory to ${options.out}`);
      }
    });

  tm.command('add')
    .description('add a unit: one LANG=TEXT per language (POST /v1/tm/units)')
    .argument('<segments...>', "e.g. 'zh-CN=英伟达发布H200芯片' 'en=NVIDIA releases the H200 chip'")
    .option('--note <note>', 'a note on the unit (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--json', 'print the unit as JSON')
    .action(async (pairs: string[], options: { note: string[]; json?: boolean }) => {
      const input = unitInput(pairs, options.note.length > 0 ? options.note : undefined);
      const { addUnit } = await tmWork();
      await withTm(tmStore, async (db) => {
        const result = await addUnit(db, input);
        if (!result.ok) {
          console.error(`unit ${result.duplicateOf} already has exactly these segments; nothing added`);
          process.exitCode = 1;
          return;
        }
        printUnit(result.unit, options.json, 'added');
      });
    });

  tm.command('edit')
    .description("replace a unit's segments: one LANG=TEXT per language (PUT /v1/tm/units/ID)")
    .argument('<id>', 'the unit id (from search or lookup)', unitId)
    .argument('<segments...>', 'LANG=TEXT for every language the unit should have')
    .option('--note <note>', 'replace the notes (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--json', 'print the unit as JSON')
    .action(async (id: number, pairs: string[], options: { note: string[]; json?: boolean }) => {
      const input = unitInput(pairs, options.note.length > 0 ? options.note : undefined);
      const { replaceUnit } = await tmWork();
      await withTm(tmStore, async (db) => {
        const result = await replaceUnit(db, id, input);
        if (!result || !result.ok) {
          console.error(result ? `unit ${result.duplicateOf} already has exactly these segments; nothing changed` : `no unit ${id}`);
          process.exitCode = 1;
          return;
        }
        printUnit(result.unit, options.json, 'changed');
      });
    });

  tm.command('delete')
    .description('delete a unit (DELETE /v1/tm/units/ID)')
    .argument('<id>', 'the unit id', unitId)
    .action(async (id: number) => {
      const { deleteUnit, getUnit } = await tmWork();
      await withTm(tmStore, async (db) => {
        const before = await getUnit(db, id);
        if (!before || !(await deleteUnit(db, id))) {
          console.error(`no unit ${id}`);
          process.exitCode = 1;
          return;
        }
        console.error(`deleted unit ${id}: ${segmentsLine(before.segments)}`);
      });
    });

  tm.command('show')
    .description('one unit (GET /v1/tm/units/ID)')
    .argument('<id>', 'the unit id', unitId)
    .option('--json', 'print the unit as JSON')
    .action(async (id: number, options: { json?: boolean }) => {
      const { getUnit } = await tmWork();
      await withTm(tmStore, async (db) => {
        const unit = await getUnit(db, id);
        if (!unit) {
          console.error(`no unit ${id}`);
          process.exitCode = 1;
          return;
        }
        printUnit(unit, options.json);
      });
    });

  tm.command('lookup')
    .description('fuzzy matches for a segment (the same JSON as POST /v1/tm/lookup with --json)')
    .argument('<text>', 'the segment to translate')
    .requiredOption('--from <lang>', 'the segment\'s language, e.g. zh-TW')
    .requiredOption('--to <lang>', 'the language wanted, e.g. en')
    .option('--min-score <n>', 'lowest score to show, 0-100', (v) => Number(v), 70)
    .option('--json', 'print JSON')
    .action(async (text: string, options: { from: string; to: string; minScore: number; json?: boolean }) => {
      await withMemory(config, async (memory) => {
        const matches = await memory.lookup({ text, from: options.from, to: options.to, minScore: options.minScore });
        if (options.json) return void console.log(terminalJson({ matches }));
        if (matches.length === 0) {
          console.error(`no match of ${options.minScore}% or more`);
          process.exitCode = 1;
        }
        for (const m of matches) console.log(`${m.score}%${m.patched ? ' (patched)' : ''}  ${visibleText(m.source)}\n      ${visibleText(m.target)}`);
      });
    });

  tm.command('search')
    .description('every unit with a segment containing a word or name, in any script (GET /v1/tm/search)')
    .argument('<query>', 'a word or name')
    .option('--json', 'print JSON')
    .action(async (query: string, options: { json?: boolean }) => {
      await withMemory(config, async (memory) => {
        const { units, complete } = await memory.search(query);
        if (!complete) console.error('the search stopped at its work limit (common characters in a large memory): more units may hold it; add characters to narrow it');
        if (options.json) return void console.log(terminalJson({ units, complete }));
        for (const u of units) console.log(`#${u.unitId}  ${segmentsLine(u.segments)}`);
        if (units.length === 0) process.exitCode = 1;
      });
    });
}

/** 'zh-CN=英伟达' pairs as a checked unit; exits with the problem when they are not one. */
function unitInput(pairs: readonly string[], notes: readonly string[] | undefined) {
  const segments: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      console.error(`${pair}: write each segment as LANG=TEXT, e.g. 'zh-CN=英伟达发布H200芯片'`);
      process.exit(2);
    }
    const lang = pair.slice(0, eq);
    if (lang in segments) {
      console.error(`${lang} is given twice`);
      process.exit(2);
    }
    segments[lang] = pair.slice(eq + 1);
  }
  const parsed = parseUnitInput(segments, notes);
  if (!parsed.ok) {
    console.error(parsed.error);
    process.exit(2);
  }
  return parsed.input;
}

function printUnit(unit: UnitView, json: boolean | undefined, verb?: string): void {
  if (json) return void console.log(terminalJson(unit));
  if (verb) console.error(`${verb} unit ${unit.unitId}`);
  console.log(`#${unit.unitId}  ${segmentsLine(unit.segments)}`);
  for (const note of unit.notes) console.log(`      note: ${visibleText(note)}`);
}

/**
 * { 'zh-CN': '芯片', en: 'chip' } -> 'zh-CN: 芯片  |  en: chip'. Stored text can hold
 * control characters from before they were refused: they are shown as escapes, never
 * sent to the terminal.
 */
function segmentsLine(segments: Record<string, string>): string {
  return Object.entries(segments)
    .map(([lang, text]) => `${lang}: ${visibleText(text)}`)
    .join('  |  ');
}

async function withTm<T>(tmStore: string, use: (db: TmStore) => Promise<T>): Promise<T> {
  const { openTm } = await tmWork();
  const db = await openTm(tmStore);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/** Load the TM index over the current glossary, run use, close everything. */
async function withMemory(config: Config, use: (tm: TranslationMemory) => Promise<void>): Promise<void> {
  const { loadGlossary, TranslationMemory, withStore } = await tmWork();
  await withStore(config, async (store, changed) => {
    const glossary = await loadGlossary(config, store, changed);
    await withTm(config.tmStore, async (db) => use(await TranslationMemory.open(db, glossary)));
  });
}

function printReport(r: ImportReport): void {
  console.error(`${r.file}: ${r.added} units added, ${r.duplicates} duplicates skipped, ${r.rejected.length} rejected`);
  for (const x of r.rejected.slice(0, 20)) console.error(`  ${r.file}:${x.line}: rejected: ${x.reason}`);
  if (r.rejected.length > 20) console.error(`  ... and ${r.rejected.length - 20} more`);
}
