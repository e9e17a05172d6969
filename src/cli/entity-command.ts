import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { readTextFile } from './read-text-file.ts';
import { changeView, entityView } from '../service/entity-view.ts';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from '../service/journal.ts';
import { parseActor } from '../service/actor.ts';
import type { GlossaryKeeper, WriteResult } from '../service/glossary-keeper.ts';
import type { ServiceStore } from '../service/service-store.ts';
import { CliError, USAGE } from './cli-error.ts';
import { actorName, changeNumber, wholeNumber } from './cli-options.ts';

/** The service's code, loaded when an entity or token command runs. */
const serviceWork = () => import('./service-work.ts');
type ServiceWork = Awaited<ReturnType<typeof serviceWork>>;

/**
 * Who a CLI write is recorded as: --actor, else GLOSSARY_ACTOR, else `cli:<login>`.
 * The login stays the default: it is the only name a shell write has without setup,
 * and "cli" alone would tell a reviewer nothing; set GLOSSARY_ACTOR where the login
 * is shared (root in a container) or should not show in the public history.
 */
function cliActor(option: string | undefined): string {
  if (option !== undefined) return option;
  const fromEnv = process.env.GLOSSARY_ACTOR;
  if (fromEnv !== undefined) {
    const parsed = parseActor(fromEnv);
    if (!parsed.ok) throw new CliError(`GLOSSARY_ACTOR ${parsed.error}`);
    return parsed.actor;
  }
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

const ACTOR_HELP = 'who to record as the author of the change (default: GLOSSARY_ACTOR, else cli:<login>)';
const actorOption = actorName('the actor');

/** `glossary entity ...` and `glossary token ...`: the service's writes, from a shell. */
export function addWriteCommands(program: Command, config: Config): void {
  const serviceStore = config.serviceStore;
  const withKeeper = async (use: (keeper: GlossaryKeeper) => Promise<void>): Promise<void> => {
    const { GlossaryKeeper, withServiceStore, withStore } = await serviceWork();
    await withStore(config, (db) => withServiceStore(serviceStore, async (service) => use(await GlossaryKeeper.open(db, service))));
  };
  const report = (result: WriteResult, done: string): void => {
    if (!result.ok) {
      console.error(`${result.error}${result.conflict ? `\nconflicts with: ${JSON.stringify(entityView(result.conflict))}` : ''}`);
      process.exitCode = result.status === 409 ? 3 : 1;
      return;
    }
    if (result.entry) console.log(JSON.stringify(entityView(result.entry), null, 2));
    console.error(`${done} (change ${result.change.seq}; a running service picks it up within a second)`);
  };

  const entity = program.command('entity').description(`change entities through the service's journal (SERVICE_DB, now ${serviceStore}); checked as the build checks files`);
  entity
    .command('add')
    .description('add an entity from JSON in the shape `glossary lookup --json` shows (a file, or - for standard input)')
    .argument('<file>', 'a JSON file, or -')
    .option('--actor <name>', ACTOR_HELP, actorOption)
    .action(async (file: string, options: { actor?: string }) => {
      const actor = cliActor(options.actor);
      const body = readJson(file);
      await withKeeper(async (keeper) => {
        const result = await keeper.create(actor, body);
        report(result, `added ${result.ok ? result.entry?.id : ''}`);
      });
    });
  entity
    .command('set')
    .description('replace an entity with JSON (a file, or - for standard input)')
    .argument('<id>')
    .argument('<file>', 'a JSON file, or -')
    .option('--actor <name>', ACTOR_HELP, actorOption)
    .action(async (id: string, file: string, options: { actor?: string }) => {
      const actor = cliActor(options.actor);
      const body = readJson(file);
      await withKeeper(async (keeper) => report(await keeper.replace(actor, id, body), `replaced ${id}`));
    });
  entity
    .command('alias')
    .description('add or remove one alias')
    .argument('<id>')
    .option('--add <alias>')
    .option('--remove <alias>')
    .option('--actor <name>', ACTOR_HELP, actorOption)
    .action(async (id: string, options: { add?: string; remove?: string; actor?: string }) => {
      if ((options.add === undefined) === (options.remove === undefined)) throw new CliError(`give exactly one of --add or --remove, e.g. glossary entity alias ${id} --add 别名`, USAGE);
      const actor = cliActor(options.actor);
      await withKeeper(async (keeper) => report(await keeper.editAlias(actor, id, { add: options.add, remove: options.remove }), `${options.add ? 'added' : 'removed'} the alias`));
    });
  entity
    .command('delete')
    .description('delete an entity (restore brings it back)')
    .argument('<id>')
    .option('--actor <name>', ACTOR_HELP, actorOption)
    .action(async (id: string, options: { actor?: string }) => {
      const actor = cliActor(options.actor);
      await withKeeper(async (keeper) => report(await keeper.delete(actor, id), `deleted ${id}`));
    });
  entity
    .command('restore')
    .description('restore an entity as it was before a change (default: before its latest deletion)')
    .argument('<id>')
    .option('--seq <n>', 'the change to undo', changeNumber)
    .option('--actor <name>', ACTOR_HELP, actorOption)
    .action(async (id: string, options: { seq?: number; actor?: string }) => {
      const actor = cliActor(options.actor);
      await withKeeper(async (keeper) => report(await keeper.restore(actor, id, options.seq), `restored ${id}`));
    });
  entity
    .command('history')
    .description('the changes made to an entity through the service, newest first, a page at a time')
    .argument('<id>')
    .option('--json', 'print the same JSON as GET /v1/entities/:id/history')
    .option('-n, --limit <n>', `at most this many changes (1 to ${HISTORY_MAX_LIMIT})`, wholeNumber(1, HISTORY_MAX_LIMIT), HISTORY_DEFAULT_LIMIT)
    .option('--before <seq>', 'only changes older than this one (the next page: the number the previous page ends with)', changeNumber)
    .action(async (id: string, options: { json?: boolean; limit: number; before?: number }) => {
      await withKeeper(async (keeper) => {
        const page = await keeper.history(id, { limit: options.limit, before: options.before });
        if (options.json) return void console.log(JSON.stringify({ id, changes: page.changes.map(changeView), next: page.next }, null, 2));
        if (page.changes.length === 0) console.error(options.before === undefined ? `${id} has no changes made through the service` : `${id} has no changes before #${options.before}`);
        for (const c of page.changes) console.log(`#${c.seq}  ${c.at}  ${c.action.padEnd(7)}  by ${c.actor}${c.merged ? '  (exported to files)' : ''}`);
        if (page.next !== null) console.error(`older changes: glossary entity history ${id} --before ${page.next}`);
      });
    });

  const token = program.command('token').description('write tokens for the service (stored as hashes in SERVICE_DB)');
  /** The service store, and the service's code to use on it. */
  const withService = async (use: (db: ServiceStore, work: ServiceWork) => Promise<void>): Promise<void> => {
    const work = await serviceWork();
    await work.withServiceStore(serviceStore, (db) => use(db, work));
  };
  token
    .command('create')
    .description('create a token; it is printed once and cannot be shown again')
    .argument('<name>', 'who will use it, 1 to 64 printable characters (recorded as the actor of each change, as --actor is)', actorName('the token name'))
    .action(async (name: string) => {
      await withService(async (db, { createToken }) => {
        const value = await createToken(db, name);
        if (!value) {
          console.error(`a token named ${name} exists; revoke it first (glossary token revoke ${name})`);
          process.exitCode = 1;
          return;
        }
        console.log(value);
        console.error(`created the token ${name}; send it as Authorization: Bearer <token>. It is not stored and cannot be shown again.`);
      });
    });
  token
    .command('revoke')
    .description('revoke a token at once')
    .argument('<name>')
    .action(async (name: string) => {
      await withService(async (db, { revokeToken }) => {
        if (await revokeToken(db, name)) console.error(`revoked ${name}`);
        else {
          console.error(`no active token named ${name}`);
          process.exitCode = 1;
        }
      });
    });
  token
    .command('list')
    .description('token names and whether they are active (never the tokens)')
    .action(async () => {
      await withService(async (db, { listTokens }) => {
        for (const t of await listTokens(db)) console.log(`${t.name}  created ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : '  active'}`);
      });
    });
}

function readJson(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file === '-' ? 'standard input' : file}: not JSON: ${(error as Error).message}`, USAGE);
  }
}
