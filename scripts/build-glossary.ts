// Build the store from glossary/: `npm run build` (GLOSSARY_DB, default data/glossary.db).
import { runBuild } from '../src/cli/build-command.ts';
import { configOrExit } from '../src/config.ts';

const config = configOrExit();
process.exitCode = await runBuild({ glossary: config.glossaryDir, db: config.glossaryStore, service: config.serviceStore });
