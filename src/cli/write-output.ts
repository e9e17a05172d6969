import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError } from './cli-error.ts';

/**
 * Stream an export to standard output, or to a file that appears whole or not at
 * all: it is written beside the target and renamed into place when complete, so
 * an interrupted export never leaves half a CSV where a spreadsheet expects one.
 */
export async function writeChunks(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, outPath?: string): Promise<void> {
  if (!outPath) {
    for await (const chunk of chunks) if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    return;
  }
  const temp = `${outPath}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(temp));
    renameSync(temp, outPath);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw code ? new CliError(`cannot write ${outPath}: ${code === 'ENOENT' ? 'no such folder' : code}; nothing was written`) : error;
  }
}
