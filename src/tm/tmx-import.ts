import { basename } from 'node:path';
import { fileChunks } from './file-chunks.ts';
import { afterImport, insertUnits, type TmStore } from './tm-repository.ts';
import { readTmx, type TmxUnit } from './tmx-reader.ts';

export interface ImportReport {
  readonly file: string;
  readonly added: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
}

const BATCH = 1000;

/**
 * Import one TMX file in a single transaction: a file that turns out malformed
 * half-way (truncated, an entity declaration, bad encoding) leaves the memory as
 * it was. Units stream through in batches, so memory does not grow with the file.
 * onBytes reports progress in bytes read.
 */
export async function importTmxFile(db: TmStore, path: string, onBytes?: (read: number, total: number) => void): Promise<ImportReport> {
  const name = basename(path);
  const report = await db.transaction().execute(async (trx) => {
    let added = 0;
    let seen = 0;
    const rejected: { line: number; reason: string }[] = [];
    let batch: TmxUnit[] = [];
    const flush = async (): Promise<void> => {
      added += await insertUnits(trx, batch);
      batch = [];
    };
    for await (const item of readTmx(fileChunks(path, onBytes), name)) {
      if (item.kind === 'rejected') {
        rejected.push({ line: item.line, reason: item.reason });
        continue;
      }
      seen++;
      batch.push(item);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return { file: path, added, duplicates: seen - added, rejected };
  });
  await afterImport(db, report.added);
  return report;
}
