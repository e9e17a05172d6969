import { createReadStream, statSync } from 'node:fs';

/**
 * A file's bytes in 64 KB chunks, telling onBytes how many are read of how many, for
 * an import's progress bar. fileChunks('memory.tmx', (read, total) => ...) yields Buffers.
 */
export async function* fileChunks(path: string, onBytes?: (read: number, total: number) => void): AsyncGenerator<Uint8Array> {
  const total = statSync(path).size;
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    read += (chunk as Buffer).length;
    onBytes?.(read, total);
    yield chunk as Buffer;
  }
}
