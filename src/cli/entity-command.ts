import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readTextFile } from './read-text-file.ts';
import type { Store } from '../db/connection.ts';
import { entityView } from '../http/entity-view.ts';
import { GlossaryKeeper, type WriteResult } from '../service/glossary-keeper.ts';
import { withServiceStore, type ServiceStore } from '../service/service-store.ts';
import { createToken, listTokens, revokeToken } from '../service/tokens.ts';

type WithStore = <T>(use: (db: Store) => Promise<T>) => Promise<T>;

/** Who a CLI write is recorded as: the login running it. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** `glossary entity ...` and `glossary token ...`: the service's writes, from a shell. */
export function addWriteCommands(program: Command, servicePath: string, withStore: WithStore): void {
  const withKeeper = async (use: (keeper: GlossaryKeeper) => Promise<void>): Promise<void> => {
    await withStore((db) => withServiceStore(servicePath, async (service) => use(await GlossaryKeeper.open(db, service))));
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

  const entity = program.command('entity').description(`change entities through the service's journal (SERVICE_DB, now ${servicePath}); checked as the build checks files`);
  entity
    .command('add')
    .description('add an entity from JSON in the shape `glossary lookup --json` shows (a file, or - for standard input)')
    .argument('<file>', 'a JSON file, or -')
    .action(async (file: string) => {
      const body = readJson(file);
      await withKeeper(async (keeper) => report(await keeper.create(cliActor(), body), `added ${(body as { id?: string }).id}`));
    });
  entity
    .command('set')
    .description('replace an entity with JSON (a file, or - for standard input)')
    .argument('<id>')
    .argument('<file>', 'a JSON file, or -')
    .action(async (id: string, file: string) => {
      const body = readJson(file);
      await withKeeper(async (keeper) => report(await keeper.replace(cliActor(), id, body), `replaced ${id}`));
    });
  entity
    .command('alias')
    .description('add or remove one alias')
    .argument('<id>')
    .option('--add <alias>')
    .option('--remove <alias>')
    .action(async (id: string, options: { add?: string; remove?: string }) => {
      if ((options.add === undefined) === (options.remove === undefined)) throw new InvalidArgumentError('give exactly one of --add or --remove');
      await withKeeper(async (keeper) => report(await keeper.editAlias(cliActor(), id, options), `${options.add ? 'added' : 'removed'} the alias`));
    });
  entity
    .command('delete')
    .description('delete an entity (restore brings it back)')
    .argument('<id>')
    .action(async (id: string) => {
      await withKeeper(async (keeper) => report(await keeper.delete(cliActor(), id), `deleted ${id}`));
    });
  entity
    .command('restore')
    .description('restore an entity as it was before a change (default: before its latest deletion)')
    .argument('<id>')
    .option('--seq <n>', 'the change to undo', (v) => Number(v))
    .action(async (id: string, options: { seq?: number }) => {
      await withKeeper(async (keeper) => report(await keeper.restore(cliActor(), id, options.seq), `restored ${id}`));
    });
  entity
    .command('history')
    .description('every change made to an entity through the service, newest first')
    .argument('<id>')
    .option('--json', 'print the same JSON as GET /v1/entities/:id/history')
    .action(async (id: string, options: { json?: boolean }) => {
      await withKeeper(async (keeper) => {
        const changes = await keeper.history(id);
        if (options.json) return void console.log(JSON.stringify({ id, changes }, null, 2));
        if (changes.length === 0) console.error(`${id} has no changes made through the service`);
        for (const c of changes) console.log(`#${c.seq}  ${c.at}  ${c.action.padEnd(7)}  by ${c.actor}${c.merged ? '  (exported to files)' : ''}`);
      });
    });

  const token = program.command('token').description('write tokens for the service (stored as hashes in SERVICE_DB)');
  const withService = (use: (db: ServiceStore) => Promise<void>): Promise<void> => withServiceStore(servicePath, use);
  token
    .command('create')
    .description('create a token; it is printed once and cannot be shown again')
    .argument('<name>', 'who will use it (recorded as the actor of each change)')
    .action(async (name: string) => {
      if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new InvalidArgumentError('a token name is 1-64 letters, digits, . _ @ or -');
      await withService(async (db) => {
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
      await withService(async (db) => {
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
      await withService(async (db) => {
        for (const t of await listTokens(db)) console.log(`${t.name}  created ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : '  active'}`);
      });
    });
}

function readJson(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    console.error(`${file}: not JSON: ${(error as Error).message}`);
    process.exit(2);
  }
}
