import { sql } from 'kysely';
import { foldText } from '../fold.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { ALIGN_CANDIDATES, TmIndex, type TmLookup, type TmMatch, type TmSearchResult } from './tm-index.ts';
import { normalizeLanguage } from './language.ts';
import type { TmStore } from './tm-repository.ts';
import { languageFamily } from './tokens.ts';

/**
 * Spellings of a text tried at most: each of its names swapped for the entity's other
 * names. Each is one scan of the trigram index (about 7 ms at 200,000 units), so few.
 */
const MAX_SPELLINGS = 4;
/** Units a concordance search answers at most. */
const SEARCH_LIMIT = 50;

/**
 * Fuzzy lookup with the memory in PostgreSQL: the database finds the candidates (the
 * segments of the query's language family whose folded text is most like the query's
 * by trigrams, pg_trgm's % under a GIN index), and the same alignment, scoring,
 * conversion and patching as the in-memory index rank them. Folding makes script and
 * width one; a name the query writes one way and a unit another (川普 and 特朗普) is
 * met by also asking for the query spelled with the entity's other names.
 */
export async function lookupInDatabase(db: TmStore, glossary: GlossarySnapshot, request: TmLookup): Promise<TmMatch[]> {
  const family = languageFamily(normalizeLanguage(request.from) ?? request.from);
  const spellings = spellingsOf(glossary, request.text);
  if (spellings.length === 0) return [];
  const similar = sql.join(spellings.map((s) => sql`fold % ${s}`), sql` or `);
  const closeness = spellings.length === 1 ? sql`similarity(fold, ${spellings[0]!})` : sql`greatest(${sql.join(spellings.map((s) => sql`similarity(fold, ${s})`))})`;
  const rows = await db.transaction().execute(async (trx) => {
    // PostgreSQL prices pg_trgm's % like a cheap comparison and, on a memory of tens of
    // thousands of segments, reads them all (computing every trigram set) rather than
    // the index: 400 ms a lookup at 10,000 units instead of a few.
    await sql`set local enable_seqscan = off`.execute(trx);
    const found = await sql<{ unit_id: number }>`
      select unit_id from tm_segment
      where (${similar}) and (lang = ${family} or lang like ${`${family}-%`})
      order by ${closeness} desc
      limit ${ALIGN_CANDIDATES}`.execute(trx);
    return found.rows;
  });
  return (await indexOfUnits(db, glossary, rows.map((r) => r.unit_id))).lookup(request);
}

/**
 * Concordance search with the memory in PostgreSQL: units with a segment whose folded
 * text holds the query's, in any of its names' spellings (pg_trgm's index serves the
 * LIKE), at most SEARCH_LIMIT, in unit order.
 */
export async function searchInDatabase(db: TmStore, glossary: GlossarySnapshot, q: string, limit = SEARCH_LIMIT): Promise<TmSearchResult> {
  const spellings = spellingsOf(glossary, q);
  if (spellings.length === 0) return { units: [], complete: true };
  const holds = sql.join(spellings.map((s) => sql`fold like ${`%${escapeLike(s)}%`}`), sql` or `);
  const { rows } = await sql<{ unit_id: number }>`select distinct unit_id from tm_segment where ${holds} order by unit_id limit ${limit}`.execute(db);
  const index = await indexOfUnits(db, glossary, rows.map((r) => r.unit_id));
  return index.search(q, limit);
}

/** An in-memory index of just these units, every segment of each (their targets are among them). */
async function indexOfUnits(db: TmStore, glossary: GlossarySnapshot, unitIds: number[]): Promise<TmIndex> {
  if (unitIds.length === 0) return TmIndex.of(glossary, []);
  const segments = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text']).where('unit_id', 'in', [...new Set(unitIds)]).orderBy('unit_id').orderBy('lang').execute();
  return TmIndex.of(glossary, segments);
}

/**
 * The folded text, and the same with each glossary name in it replaced by the
 * entity's other names (folded), breadth first up to MAX_SPELLINGS.
 *
 *   spellingsOf(g, '特朗普宣布解禁芯片') -> ['特朗普宣布解禁芯片', '川普宣布解禁芯片', '特朗普宣布解禁晶片', ...]
 */
export function spellingsOf(glossary: GlossarySnapshot, text: string): string[] {
  const folded = foldText(text);
  const hits = glossary.matcher.findNames(text);
  // The text as pieces: fixed runs between names, and per name its spellings (its own first).
  const pieces: string[][] = [];
  let at = 0;
  for (let i = 0; i < hits.length; i++) {
    const start = hits.starts[i]!;
    const end = hits.ends[i]!;
    pieces.push([folded.slice(at, start)]);
    const own = folded.slice(start, end);
    const entry = glossary.entries.get(glossary.matcher.candidates(hits.keys[i]!)[0]!.entityId);
    // Names in the script of the one written: a Chinese sentence names NVIDIA 英伟达 or 輝達 far more often than NVIDIA.
    const han = HAN.test(own);
    const others = entry ? [...Object.values(entry.names), ...entry.aliases].map((n) => foldText(n!)).filter((n) => HAN.test(n) === han) : [];
    pieces.push([...new Set([own, ...others])]);
    at = end;
  }
  pieces.push([folded.slice(at)]);
  let spellings = [''];
  for (const choices of pieces) {
    const next: string[] = [];
    // The text's own spelling first: it is always tried, whatever the cap cuts.
    for (const choice of choices) for (const s of spellings) if (next.length < MAX_SPELLINGS) next.push(s + choice);
    spellings = next;
  }
  return [...new Set(spellings)].filter((s) => s.trim().length > 0);
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
