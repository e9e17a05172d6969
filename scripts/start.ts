// `npm start`: build the store if it is missing or older than glossary/, then serve.
import { runBuild } from '../src/cli/build-command.ts';
import { configFromEnv } from '../src/config.ts';
import { needsBuild } from '../src/glossary/build.ts';
import { startServer } from '../src/server.ts';

const config = configFromEnv();
if (needsBuild(config.glossaryDir, config.dbPath)) {
  const code = await runBuild({ glossary: config.glossaryDir, db: config.dbPath });
  if (code !== 0) process.exit(code);
}
const server = await startServer(config);
console.error(`serving ${config.dbPath} on http://${config.host}:${server.port} (docs at /docs)`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
