// Bundled by compile.mjs and run once there: writes dist/fold-table.bin, so compiled
// processes read the fold table rather than build it with OpenCC at each start.
import { writeFileSync } from 'node:fs';
import { foldTableFile } from '../src/fold.ts';

writeFileSync(process.argv[2]!, foldTableFile());
