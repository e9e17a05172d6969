import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * A file of typed arrays that a process maps back into memory without parsing:
 * compiled tables written once (by the compile step or the build) and read at
 * start. Layout: 8 bytes of magic, the header's length (uint32 LE), the CRC-32 of
 * everything after these 16 bytes, the header (JSON: kind, its scalars, and where
 * each array lies), then the arrays, each at an 8-byte boundary.
 *
 * A file that is truncated, changed, of another kind or another version is refused
 * with the reason (ArtifactRefused), never half used.
 */
const MAGIC = 'zhglart1';
const HEAD = 16;

type ArrayKind = 'Int32Array' | 'Uint32Array' | 'Uint16Array' | 'Uint8Array' | 'Float64Array';
export type StoredArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;
const CONSTRUCTORS = { Int32Array, Uint32Array, Uint16Array, Uint8Array, Float64Array } as const;

interface Header {
  readonly kind: string;
  readonly meta: unknown;
  readonly arrays: Record<string, { type: ArrayKind; offset: number; length: number }>;
}

export class ArtifactRefused extends Error {}

export function packArtifact(kind: string, meta: unknown, arrays: Record<string, StoredArray>): Buffer {
  const entries: Header['arrays'] = {};
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    entries[name] = { type: array.constructor.name as ArrayKind, offset, length: array.length };
    offset = align(offset + array.byteLength);
  }
  const headerText = Buffer.from(JSON.stringify({ kind, meta, arrays: entries } satisfies Header));
  const dataStart = align(HEAD + headerText.length);
  const file = Buffer.alloc(dataStart + offset);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(headerText.length, 8);
  headerText.copy(file, HEAD);
  for (const [name, array] of Object.entries(arrays)) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, dataStart + entries[name]!.offset);
  }
  file.writeUInt32LE(crc32(file.subarray(HEAD)), 12);
  return file;
}

/**
 * The meta and arrays of an artifact of this kind; the arrays are views on bytes
 * (no copy) when bytes lies at an 8-byte boundary. Throws ArtifactRefused.
 */
export function unpackArtifact(bytes: Buffer, kind: string): { meta: unknown; arrays: Record<string, StoredArray> } {
  if (bytes.length < HEAD || bytes.toString('latin1', 0, 8) !== MAGIC) throw new ArtifactRefused('not a compiled artifact (no magic)');
  const headerLength = bytes.readUInt32LE(8);
  if (HEAD + headerLength > bytes.length) throw new ArtifactRefused('truncated (its header runs past the end)');
  if (crc32(bytes.subarray(HEAD)) !== bytes.readUInt32LE(12)) throw new ArtifactRefused('checksum mismatch (truncated or changed)');
  const header = JSON.parse(bytes.toString('utf8', HEAD, HEAD + headerLength)) as Header;
  if (header.kind !== kind) throw new ArtifactRefused(`holds ${header.kind}, not ${kind}`);
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const dataStart = align(HEAD + headerLength);
  const arrays: Record<string, StoredArray> = {};
  for (const [name, { type, offset, length }] of Object.entries(header.arrays)) {
    const make = CONSTRUCTORS[type];
    const start = dataStart + offset;
    if (!make || start + length * make.BYTES_PER_ELEMENT > aligned.length) throw new ArtifactRefused(`truncated (array ${name})`);
    arrays[name] = new make(aligned.buffer as ArrayBuffer, aligned.byteOffset + start, length);
  }
  return { meta: header.meta, arrays };
}

/**
 * What read makes of the bytes of file, or undefined when there is no such file or
 * read refuses it (ArtifactRefused): the caller then computes what it holds.
 */
export function fromArtifactFile<T>(file: URL | string, read: (bytes: Buffer) => T): T | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    return read(bytes);
  } catch (error) {
    if (error instanceof ArtifactRefused) return undefined;
    throw error;
  }
}

function align(n: number): number {
  return (n + 7) & ~7;
}

/** Array `name` of an unpacked artifact, of the type expected; throws ArtifactRefused when it has none such. */
export function arrayOf<T extends StoredArray>(arrays: Record<string, StoredArray>, name: string, type: abstract new (...args: never[]) => T): T {
  const array = arrays[name];
  if (!(array instanceof type)) throw new ArtifactRefused(`has no ${type.name} ${name}`);
  return array;
}

/** A table with one entry per UTF-16 unit (the fold and script tables), as an artifact of this kind. */
export function unitTableArtifact(kind: string, table: Uint8Array | Uint16Array): Buffer {
  return packArtifact(kind, null, { table });
}

/**
 * The per-unit table in an artifact file of this kind, in a buffer of its own (not a
 * view holding the file's); undefined when the file is missing, refused or not 65,536 entries.
 */
export function readUnitTable<T extends Uint8Array | Uint16Array>(file: URL | string, kind: string, type: abstract new (...args: never[]) => T): T | undefined {
  return fromArtifactFile(file, (bytes) => {
    const table = arrayOf(unpackArtifact(bytes, kind).arrays, 'table', type);
    if (table.length !== 0x10000) throw new ArtifactRefused(`holds ${table.length} units, not 65,536`);
    return table.slice() as T;
  });
}
