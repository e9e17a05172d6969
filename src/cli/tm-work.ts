// What the tm commands run, in one module that tm-command.ts imports when one of them
// runs: the TMX and table readers and writers, the store, the index over the glossary.
export { Presets, SingleBar } from 'cli-progress';
export { exportTable } from '../tm/table-export.ts';
export { importTableFile, TableError, tableFormatOf } from '../tm/table-import.ts';
export { TranslationMemory } from '../tm/translation-memory.ts';
export { addUnit, deleteUnit, getUnit, openTm, replaceUnit } from '../tm/tm-repository.ts';
export { exportTmx, refusedSummary, tmxExportStats } from '../tm/tmx-export.ts';
export { importTmxFile } from '../tm/tmx-import.ts';
export { TmxError } from '../tm/tmx-reader.ts';
export { loadGlossary, withStore } from './glossary-store.ts';
export { writeChunks } from './write-output.ts';
