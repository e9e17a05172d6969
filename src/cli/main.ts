import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { configOrExit } from '../config.ts';
import { parseTarget, TARGET_TAGS, type Target } from '../locale.ts';
import { addTmCommands } from './tm-command.ts';
import { CliError, USAGE } from './cli-error.ts';
import { portNumber, wholeNumber } from './cli-options.ts';
import { encodingOption } from './read-text-file.ts';
import { addWriteCommands } from './entity-command.ts';
import { IMPORTED_DIR } from '../glossary/glossary-files.ts';
import type { CanonicalizeOptions } from './read-commands.ts';
import { isPostgresUrl, storeName } from '../db/store-location.ts';

// Only the command line's shape is loaded up front: each command imports its work
// when it runs, so `glossary --help` or a lookup never loads the build, the
// service or the translation memory.
const readCommands = () => import('./read-commands.ts');

const config = configOrExit();

// `glossary export | head` closes our standard output early: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** A repeatable option's values, in order (--topic IT --topic Movie). */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function targetOption(value: string): Target {
  const target = parseTarget(value);
  if (!target) throw new InvalidArgumentError(`unknown target; use one of ${TARGET_TAGS.join(', ')}`);
  return target;
}

const program = new Command('glossary')
  .description('Bilingual entity glossary: canonicalize names across zh-CN, zh-TW, zh-HK, zh-SG, zh-MY, zh-MO and English')
  .version(packageVersion(), '-v, --version', 'print the version')
  .showHelpAfterError()
  // Commander has printed its one-line error (a bad option value, an unknown command):
  // exit as a usage error; --help and --version exit 0. Subcommands inherit this.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE));

program
  .command('build')
  .description('validate glossary/ and write the store (GLOSSARY_DB, default data/glossary.db; with DATABASE_URL, a new generation in PostgreSQL that every replica loads)')
  .action(async () => {
    const { runBuild } = await import('./build-command.ts');
    process.exitCode = await runBuild({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore });
  });

program
  .command('migrate')
  .description('bring the service store, the translation memory and the list of glossary builds (DATABASE_URL, else SERVICE_DB and TM_DB) up to the current schema; serve and the other commands do this on their own, this does it ahead of time')
  .action(async () => {
    const [{ openService }, { openTm }] = await Promise.all([import('../service/service-store.ts'), import('../tm/tm-repository.ts')]);
    // A URL is named, not shown: it may hold a password.
    const say = (what: string) => (names: string[]) => console.error(`${what}: ${names.length === 0 ? 'up to date' : `applied ${names.join(', ')}`}`);
    await (await openService(config.serviceStore, say(`service store (${storeName(config.serviceStore)})`))).destroy();
    if (isPostgresUrl(config.glossaryStore)) {
      // The list of builds; each build writes its own tables at the current schema.
      const { migrateGlossaryStore } = await import('../db/glossary-generations.ts');
      say('glossary store (DATABASE_URL)')(await migrateGlossaryStore(config.glossaryStore));
    } else console.error(`glossary store (${config.glossaryStore}): written whole by every build; nothing to migrate`);
    await (await openTm(config.tmStore, say(`translation memory (${storeName(config.tmStore)})`))).destroy();
  });

program
  .command('check')
  .description("read the whole change journal of the service store (DATABASE_URL, else SERVICE_DB) and report whether it is consistent: every change valid, each starting where the entity's last one left it")
  .option('--json', 'print the report as JSON')
  .action(async (options: { json?: boolean }) => {
    const [{ withServiceStore }, { checkJournal }] = await Promise.all([import('../service/service-store.ts'), import('../service/journal-check.ts')]);
    const report = await withServiceStore(config.serviceStore, checkJournal);
    if (options.json) console.log(JSON.stringify(report, null, 2));
    for (const problem of report.problems) console.error(problem);
    console.error(`journal ${report.journalId.slice(0, 8)}: ${report.changes} changes to ${report.entities} entities, ${report.problems.length === 0 ? 'consistent' : `${report.problems.length} problems`}`);
    if (report.problems.length > 0) process.exitCode = 1;
  });

program
  .command('serve')
  .description('serve the HTTP API (PORT, default 3000; HOST, default 127.0.0.1)')
  .option('-p, --port <port>', 'port to listen on (0: any free port)', portNumber, config.port)
  .action(async (options: { port: number }) => {
    const [{ ensureStore }, { ListenError, startServer }] = await Promise.all([import('./ensure-store.ts'), import('../server.ts')]);
    if (!(await ensureStore({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore }))) process.exit(1);
    const server = await startServer({ ...config, port: options.port }).catch((error: unknown) => {
      throw error instanceof ListenError ? new CliError(error.message) : error;
    });
    console.error(`serving ${storeName(config.glossaryStore)} on http://${config.host}:${server.port} (docs at /docs)`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
  });

program
  .command('lookup')
  .description('look up an entity by any name, pinyin, prefix or with a typo')
  .argument('<query>', 'a name in any script, pinyin (hui da, huida, hd) or the start of a name')
  .option('--json', 'print the same JSON as GET /v1/lookup')
  .option('-n, --limit <n>', 'at most this many results', wholeNumber(1, 100), 10)
  .action(async (query: string, options: { json?: boolean; limit: number }) => (await readCommands()).lookup(config, query, options));

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
  .option('--topic <topics>', 'also rewrite the terms and titles of works of these topics (IT, or IT,Movie; repeat for more; `glossary topics` lists them); default: none', collect, [])
  .action(async (files: string[], options: CanonicalizeOptions) => (await readCommands()).canonicalizeFiles(config, files, options));

program
  .command('topics')
  .description('list the topics canonicalize --topic can enable, with how many terms and titles each holds')
  .option('--json', 'print the same JSON as GET /v1/topics')
  .action(async (options: { json?: boolean }) => (await readCommands()).listTopics(config, options));

program
  .command('export')
  .description('export the glossary: csv for spreadsheets, or yaml to write service edits back into glossary/ files')
  .addOption(new Option('-f, --format <format>', 'csv: every entity as a table; yaml: write the changes made through the service into the glossary files (to review and commit)').choices(['csv', 'yaml']).default('csv'))
  .option('--bom', 'CSV: start with a UTF-8 byte order mark, for spreadsheet programs')
  .option('-o, --out <file>', 'CSV: write to a file instead of standard output')
  .action(async (options: { format: 'csv' | 'yaml'; bom?: boolean; out?: string }) => {
    const commands = await readCommands();
    return options.format === 'yaml' ? commands.exportYaml(config) : commands.exportCsv(config, options);
  });

program
  .command('import')
  .description('import names from other sources into glossary/ as reviewable YAML')
  .command('mediawiki-cgroup')
  .description("import Chinese Wikipedia's conversion groups (Module:CGroup pages as JSON: { name, description, path, rules: [{ original, conv }] }) into one YAML file per group; importing again gives the same files")
  .argument('<files...>', 'conversion group JSON files')
  .option('--out <dir>', 'where the YAML files go (files an earlier import wrote there and this one does not are removed)', join(config.glossaryDir, IMPORTED_DIR))
  .action(async (files: string[], options: { out: string }) => {
    const { runImport } = await import('./import-command.ts');
    runImport({ files, out: options.out, glossary: config.glossaryDir });
  });

addTmCommands(program, config);
addWriteCommands(program, config);

/**
 * The version in package.json, the one place it is kept: beside dist/ when compiled,
 * two folders up from src/cli/ when run as TypeScript.
 */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'zh-entity-glossary') return pkg.version;
    } catch {
      // not at this level
    }
  }
  throw new Error('package.json not found beside the CLI');
}

// Every failure a user can fix is one line here; only a bug shows a stack. Not a
// top-level await: the CLI is bundled as CommonJS (scripts/compile.mjs), which has none.
void program.parseAsync().catch(async (error: unknown) => {
  if (error instanceof CliError || error instanceof CommanderError) {
    console.error(`glossary: ${error.message}`);
    process.exit(error instanceof CliError ? error.exitCode : USAGE);
  }
  // Loaded here, not up front: only a command that built or edited throws these (and has loaded them already).
  const [{ errorLines, GlossaryInvalid }, { JournalMismatch }] = await Promise.all([import('../glossary/glossary-error.ts'), import('../service/glossary-keeper.ts')]);
  if (error instanceof GlossaryInvalid) console.error(`${errorLines(error.errors).join('\n')}\nnothing was changed`);
  else if (error instanceof JournalMismatch) console.error(`glossary: ${error.message}`);
  // A bug: its stack, not rethrown, which would print the bundle's (minified) line and exit 0 under --unhandled-rejections=warn.
  else console.error(error);
  process.exit(1);
});
