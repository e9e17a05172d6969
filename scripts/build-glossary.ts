// Build the store from glossary/: `npm run build` (GLOSSARY_DB, default data/glossary.db).
import { runBuild } from '../src/cli/build-command.ts';

process.exitCode = await runBuild({ glossary: process.env.GLOSSARY_DIR ?? 'glossary', db: process.env.GLOSSARY_DB ?? 'data/glossary.db' });
