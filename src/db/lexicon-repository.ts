import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PackedLexicon } from '../match/lexicon-words.ts';
import type { Store } from './connection.ts';
import type { LexiconTable } from './schema.ts';

/**
 * The store's row for each lexicon a process wrote. Deflating takes a few hundred
 * milliseconds, and every build of a process writes the same lexicon (readLexicon
 * returns one object per file).
 */
const packed = new WeakMap<PackedLexicon, LexiconTable>();

/**
 * The last lexicon read, by digest: loading a snapshot again (the service's keeper,
 * a test's second store) finds it here, and the matcher compiles it once
 * (Lexicon.of keeps compiled lexicons by this object). One entry: a process serves
 * one glossary.
 */
let lastRead: { readonly digest: string; readonly lexicon: PackedLexicon } | undefined;

/** Write the lexicon the matcher's guards segment with: one row, about 1.7 MB for jieba's. */
export async function insertLexicon(db: Store, lexicon: PackedLexicon): Promise<void> {
  await db.insertInto('lexicon').values(lexiconRow(lexicon)).execute();
}

/** The stored lexicon, or undefined for a store built without one. */
export async function readStoredLexicon(db: Store): Promise<PackedLexicon | undefined> {
  const head = await db.selectFrom('lexicon').select('digest').executeTakeFirst();
  if (!head) return undefined;
  if (lastRead?.digest === head.digest) return lastRead.lexicon;
  const row = await db.selectFrom('lexicon').selectAll().executeTakeFirstOrThrow();
  const lexicon = inflatedOnUse(row);
  lastRead = { digest: row.digest, lexicon };
  return lexicon;
}

/**
 * The stored lexicon, its words and frequencies inflated when first read: a process
 * whose compiled lexicon (lexicon.bin, checked by digest) is good never reads them,
 * and inflating them is most of the time a short canonicalize takes.
 */
function inflatedOnUse(row: LexiconTable): PackedLexicon {
  let words: string | undefined;
  let freqs: Uint32Array | undefined;
  return {
    get words() {
      return (words ??= inflateRawSync(row.words).toString('utf8'));
    },
    get freqs() {
      if (!freqs) {
        const bytes = inflateRawSync(row.freqs);
        freqs = new Uint32Array(bytes.length >>> 2);
        for (let i = 0; i < freqs.length; i++) freqs[i] = bytes.readUInt32LE(i * 4);
      }
      return freqs;
    },
    total: row.total,
    digest: row.digest,
  };
}

/** The digest the store keeps beside a lexicon (readStoredLexicon's digest). */
export function lexiconDigest(lexicon: PackedLexicon): string {
  return lexiconRow(lexicon).digest;
}

function lexiconRow(lexicon: PackedLexicon): LexiconTable {
  let row = packed.get(lexicon);
  if (!row) {
    const freqs = Buffer.alloc(lexicon.freqs.length * 4);
    lexicon.freqs.forEach((f, i) => freqs.writeUInt32LE(f, i * 4));
    const words = deflateRawSync(Buffer.from(lexicon.words, 'utf8'));
    const deflatedFreqs = deflateRawSync(freqs);
    const digest = createHash('sha1').update(words).update(deflatedFreqs).digest('hex');
    row = { digest, total: lexicon.total, words, freqs: deflatedFreqs };
    packed.set(lexicon, row);
  }
  return row;
}
