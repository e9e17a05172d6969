import { sql } from 'kysely';
import { foldText } from '../fold.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { DEFAULT_MIN_SCORE, TmIndex, type TmLookup, type TmMatch, type TmSearchResult } from './tm-index.ts';
import { normalizeLanguage } from './language.ts';
import type { TmStore } from './tm-repository.ts';
import { languageFamily } from './tokens.ts';
import { segmentGrams, segmentPoints } from './segment-grams.ts';
import type { GramRarity } from './gram-rarity.ts';

/**
 * Spellings of a text asked for at most: each of its names swapped for the entity's
 * other names. Their character pairs join the query's, so a few are enough.
 */
const MAX_SPELLINGS = 4;
/** Units a concordance search answers at most. */
const SEARCH_LIMIT = 50;
/**
 * Segments one lookup reads at most to count shared pairs (about 2.5 microseconds
 * each) for the query as written: the rare pairs it asks for are chosen so that
 * PostgreSQL's statistics expect no more. At 1,000,000 units of many near neighbours,
 * 5,000 found the same best matches as 20,000 for 300 queries, in half the time.
 */
const CANDIDATE_ROWS = 5_000;
/** The same for the pairs only its names' other spellings have, shared by them. */
const OTHER_SPELLINGS_ROWS = 1_250;
/**
 * Candidates, best by shared pairs, aligned exactly: fewer than the in-memory index's
 * ALIGN_CANDIDATES (tm-index.ts), as each is read from the database first; the same
 * 300 queries found the same best matches with 100 as with 200.
 */
const DATABASE_ALIGN_CANDIDATES = 100;

/**
 * Fuzzy lookup with the memory in PostgreSQL: the database finds the candidates and
 * the same alignment, scoring, conversion and patching as the in-memory index rank
 * them. Candidates are the segments of the query's language family that hold one of
 * its rarest character pairs (tm_segment.grams under a GIN index; how rare, `rarity`
 * says: PostgreSQL's statistics of the column), best by how many of the query's pairs
 * they hold. Folding makes script and width one; a name the query writes one way and
 * a unit another (川普 and 特朗普) is met by also asking for the pairs only the name's
 * other spellings have. A query of one character has no pair: its candidates are the
 * segments that are it.
 */
export async function lookupInDatabase(db: TmStore, glossary: GlossarySnapshot, rarity: GramRarity, request: TmLookup): Promise<TmMatch[]> {
  const family = languageFamily(normalizeLanguage(request.from) ?? request.from);
  const spellings = spellingsOf(glossary, request.text);
  if (spellings.length === 0) return [];
  const [own, ...others] = spellings.map(segmentGrams);
  const minScore = Math.min(100, Math.max(1, Math.ceil(request.minScore ?? DEFAULT_MIN_SCORE)));
  const asked = new Set(rarestPairs(own!, rarity, CANDIDATE_ROWS, pairsEveryMatchHolds(segmentPoints(spellings[0]!).length, minScore)));
  const ownSet = new Set(own);
  for (const grams of others) {
    const theirs = grams.filter((gram) => !ownSet.has(gram));
    for (const gram of rarestPairs(theirs, rarity, OTHER_SPELLINGS_ROWS / others.length, theirs.length, 0)) asked.add(gram);
  }
  const sameFamily = sql`(lang = ${family} or lang like ${`${family}-%`})`;
  const ranked = [...new Set([own!, ...others].flat())].sort((a, b) => a - b);
  const { rows } =
    asked.size === 0
      ? await sql<{ unit_id: number }>`select unit_id from tm_segment where fold = any(${spellings}::text[]) and ${sameFamily} limit ${DATABASE_ALIGN_CANDIDATES}`.execute(db)
      : await sql<{ unit_id: number }>`
          select unit_id from (
            select unit_id, grams from tm_segment
            where grams && ${[...asked].sort((a, b) => a - b)}::int[] and ${sameFamily}
            limit ${CANDIDATE_ROWS + OTHER_SPELLINGS_ROWS}
          ) as candidates
          order by icount(grams & ${ranked}::int[]) desc
          limit ${DATABASE_ALIGN_CANDIDATES}`.execute(db);
  return (await indexOfUnits(db, glossary, rows.map((r) => r.unit_id))).lookup(request);
}

/**
 * The pairs to ask the index for, of those given: rarest first, until `enough` are
 * asked or the segments they are expected to hold would pass `budget`; at least
 * `least` (the query's own rarest pair: a common one is better than none). Asking
 * fewer keeps the candidates to those most alike, as the query reads a bounded
 * number of them in no order. With no statistics yet (a new memory), every pair is
 * asked.
 */
function rarestPairs(grams: readonly number[], rarity: GramRarity, budget: number, enough: number, least = 1): number[] {
  if (!rarity.known) return [...grams];
  const byRarity = [...grams].sort((a, b) => rarity.rows(a) - rarity.rows(b));
  const asked: number[] = [];
  let rows = 0;
  for (const gram of byRarity) {
    if (asked.length >= enough) break;
    rows += rarity.rows(gram);
    if (asked.length >= least && rows > budget) break;
    asked.push(gram);
  }
  return asked;
}

/**
 * How many of a text's rarest pairs to ask for so that every segment within minScore
 * of it holds one: a text of `length` characters differs from such a segment by at
 * most `edits` (the stored side may be the longer: maxDistanceFor), each breaking at
 * most two pairs. A heuristic bound, as scores count a name as one token.
 */
function pairsEveryMatchHolds(length: number, minScore: number): number {
  return 2 * Math.floor((length * (100 - minScore)) / minScore) + 1;
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
