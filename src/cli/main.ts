import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { canonicalize } from '../canonicalize.ts';
import { configOrExit } from '../config.ts';
import { openStore, type Store } from '../db/connection.ts';
import { csvChunks } from '../export/csv.ts';
import { entityView } from '../service/entity-view.ts';
import { parseTarget, TARGET_TAGS, type Target } from '../locale.ts';
import { ListenError, startServer } from '../server.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { ensureStore, runBuild } from './build-command.ts';
import { addTmCommands } from './tm-command.ts';
import { CliError, USAGE } from './cli-error.ts';
import { portNumber, wholeNumber } from './cli-options.ts';
import { writeChunks } from './write-output.ts';
import { encodingOption, readTextFile } from './read-text-file.ts';
import { addWriteCommands } from './entity-command.ts';
import { GlossaryKeeper, JournalMismatch } from '../service/glossary-keeper.ts';
import { changesSince, markMerged } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import { writeChangesToYaml } from '../glossary/write-yaml.ts';
import { errorLines, GlossaryInvalid } from '../glossary/glossary-error.ts';

const config = configOrExit();

// `glossary export | head` closes our standard output early: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/**
 * The glossary as the service would answer: the built store plus the changes made
 * through the service since that build (when there is a service store).
 */
async function loadGlossary(db: Store): Promise<GlossarySnapshot> {
  if (!existsSync(config.servicePath)) return GlossarySnapshot.load(db);
  return withServiceStore(config.servicePath, async (service) => (await GlossaryKeeper.open(db, service)).current());
}

/** Open the store, building it first when it is missing or older than the glossary files. */
async function withStore<T>(use: (db: Store) => Promise<T>): Promise<T> {
  if (!(await ensureStore({ glossary: config.glossaryDir, db: config.dbPath, service: config.servicePath }))) process.exit(1);
  const db = openStore(config.dbPath, { readonly: true });
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

function targetOption(value: string): Target {
  const target = parseTarget(value);
  if (!target) throw new InvalidArgumentError(`unknown target; use one of ${TARGET_TAGS.join(', ')}`);
  return target;
}

const program = new Command('glossary')
  .description('Bilingual entity glossary: canonicalize names across zh-CN, zh-TW, zh-HK and English')
  .version(packageVersion(), '-v, --version', 'print the version')
  .showHelpAfterError()
  // Commander has printed its one-line error (a bad option value, an unknown command):
  // exit as a usage error; --help and --version exit 0. Subcommands inherit this.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE));

program
  .command('build')
  .description('validate glossary/ and write the store (GLOSSARY_DB, default data/glossary.db)')
  .action(async () => {
    process.exitCode = await runBuild({ glossary: config.glossaryDir, db: config.dbPath, service: config.servicePath });
  });

program
  .command('serve')
  .description('serve the HTTP API (PORT, default 3000; HOST, default 127.0.0.1)')
  .option('-p, --port <port>', 'port to listen on (0: any free port)', portNumber, config.port)
  .action(async (options: { port: number }) => {
    if (!(await ensureStore({ glossary: config.glossaryDir, db: config.dbPath, service: config.servicePath }))) process.exit(1);
    const server = await startServer({ ...config, port: options.port }).catch((error: unknown) => {
      throw error instanceof ListenError ? new CliError(error.message) : error;
    });
    console.error(`serving ${config.dbPath} on http://${config.host}:${server.port} (docs at /docs)`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
  });

program
  .command('lookup')
  .description('look up an entity by any name, pinyin, prefix or with a typo')
  .argument('<query>', 'a name in any script, pinyin (hui da, huida, hd) or the start of a name')
  .option('--json', 'print the same JSON as GET /v1/lookup')
  .option('-n, --limit <n>', 'at most this many results', wholeNumber(1, 100), 10)
  .action(async (query: string, options: { json?: boolean; limit: number }) => {
    await withStore(async (db) => {
      const glossary = await loadGlossary(db);
      const results = glossary.lookupEntries(query, options.limit).map(({ entry, ...r }) => ({ entity: entityView(entry), ...r }));
      if (options.json) {
        console.log(JSON.stringify({ query: query.trim(), results }, null, 2));
        return;
      }
      if (results.length === 0) {
        console.error(`no entity matches ${query}`);
        process.exitCode = 1;
        return;
      }
      for (const r of results) {
        const names = Object.entries(r.entity.names).map(([locale, name]) => `${locale} ${name ?? '-'}`).join('  ');
        console.log(`${r.entity.id} (${r.entity.kind})  ${names}  [${r.how}: ${r.matched}, ${r.score}]`);
      }
    });
  });

program
  .command('canonicalize')
  .description('rewrite every entity mention to a target; reads FILEs, or standard input when none')
  .requiredOption('-t, --to <target>', `target: ${TARGET_TAGS.join(', ')}`, targetOption)
  .argument('[files...]', 'text files (UTF-8, or UTF-16 with a byte order mark, or --encoding)')
  .option('--encoding <encoding>', 'read FILEs and standard input in this encoding, e.g. gbk or big5 (default UTF-8)', encodingOption)
  .option('--json', 'print the same JSON as POST /v1/canonicalize, one line per input')
  .option('--keep-latin', 'leave Latin-script mentions as written')
  .option('--convert', 'also convert the rest of the text to the target script and phrases')
  .option('--spell-out', "replace the forms the target's region also writes (AI) with its name (人工智能)")
  .action(async (files: string[], options: { to: Target; json?: boolean; keepLatin?: boolean; convert?: boolean; spellOut?: boolean; encoding?: string }) => {
    const inputs = (files.length > 0 ? files : ['-']).map((f) => ({ name: f, text: readTextFile(f, options.encoding) }));
    await withStore(async (db) => {
      const glossary = await loadGlossary(db);
      let mentions = 0;
      const entities = new Set<string>();
      for (const input of inputs) {
        const result = canonicalize(glossary, input.text, { target: options.to, keepLatin: options.keepLatin, convert: options.convert, spellOut: options.spellOut });
        mentions += result.mentionCount;
        // The per-entity summary is for a person at a terminal; otherwise mentions are never built.
        if (options.json || process.stderr.isTTY) for (const m of result.mentions) entities.add(m.entityId);
        process.stdout.write(options.json ? `${result.json()}\n` : result.text);
      }
      if (!options.json && process.stderr.isTTY) console.error(`\n${inputs.length} input(s): ${mentions} mentions of ${entities.size} entities rewritten to ${options.to.tag}`);
    });
  });

program
  .command('export')
  .description('export the glossary: csv for spreadsheets, or yaml to write service edits back into glossary/ files')
  .addOption(new Option('-f, --format <format>', 'csv: every entity as a table; yaml: write the changes made through the service into the glossary files (to review and commit)').choices(['csv', 'yaml']).default('csv'))
  .option('--bom', 'CSV: start with a UTF-8 byte order mark, for spreadsheet programs')
  .option('-o, --out <file>', 'CSV: write to a file instead of standard output')
  .action(async (options: { format: 'csv' | 'yaml'; bom?: boolean; out?: string }) => {
    if (options.format === 'yaml') return exportYaml();
    await withStore(async (db) => {
      const glossary = await loadGlossary(db);
      let rows = 0;
      await writeChunks(csvChunks(countRows(glossary.pages(), (n) => (rows += n)), { bom: options.bom }), options.out);
      if (options.out) console.error(`exported ${rows} entities to ${options.out}`);
    });
  });

/**
 * Write the service's changes not yet in the files into glossary/ and mark them
 * exported; the next build then reads them from the files like any other entry.
 */
async function exportYaml(): Promise<void> {
  if (!existsSync(config.servicePath)) {
    console.error(`no service store at ${config.servicePath}: there are no service edits to export`);
    return;
  }
  await withServiceStore(config.servicePath, async (service) => {
    const changes = await changesSince(service, 0, { unmergedOnly: true });
    if (changes.length === 0) {
      console.error(`${config.glossaryDir} already has every change made through the service`);
      return;
    }
    const report = writeChangesToYaml(config.glossaryDir, changes);
    // Files first, then the mark: a crash between leaves changes that the build applies again, to the same result.
    await markMerged(service, changes.at(-1)!.seq);
    console.error(
      `wrote ${changes.length} changes to ${report.files.length} files (${report.updated} updated, ${report.added} added, ${report.removed} removed entities): ${report.files.join(', ')}\n` +
        `review them with git diff ${config.glossaryDir}, then commit`,
    );
  });
}

addTmCommands(program, config.tmPath, withStore, loadGlossary);
addWriteCommands(program, config.servicePath, withStore);

async function* countRows<T>(pages: Iterable<readonly T[]>, add: (n: number) => void): AsyncGenerator<readonly T[]> {
  for await (const page of pages) {
    add(page.length);
    yield page;
  }
}

/** The version in package.json, the one place it is kept. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

// Every failure a user can fix is one line here; only a bug shows a stack.
await program.parseAsync().catch((error: unknown) => {
  if (error instanceof GlossaryInvalid) console.error(`${errorLines(error.errors).join('\n')}\nnothing was changed`);
  else if (error instanceof CliError || error instanceof JournalMismatch || error instanceof CommanderError) console.error(`glossary: ${error.message}`);
  else throw error;
  process.exit(error instanceof CliError ? error.exitCode : error instanceof CommanderError ? USAGE : 1);
});
