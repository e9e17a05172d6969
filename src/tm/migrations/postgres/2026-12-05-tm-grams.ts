import { sql, type Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// Each segment's character pairs (src/tm/segment-grams.ts: written by the application
// with every segment) under a GIN index of integer arrays (the intarray extension,
// beside pg_trgm in PostgreSQL's contrib): a lookup asks for the segments sharing the
// query's rarest pairs, which PostgreSQL's statistics of this column name, and ranks
// them by how many pairs they share, without reading their text. The trigram index
// stays for concordance search (LIKE).
//
// tm_fold_pairs is the same formula in SQL (in a UTF-8 database, ascii() is the code
// point): it fills the rows written before, and, by a trigger, rows that a replica of
// the version before writes without pairs during an upgrade. This migration holds the
// memory locked while it fills old rows: about three minutes a million units.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists intarray`.execute(db);
  await sql`
    create function tm_fold_pairs(fold text) returns int[] language sql immutable parallel safe as $$
      select coalesce(array(
        select distinct ((ascii(c)::bigint * 1000003 + ascii(n)) % 2147483647)::int
        from (
          select c, lead(c) over (order by i) as n
          from unnest(regexp_split_to_array(regexp_replace(fold, '[ \t\n\r]', '', 'g'), '')) with ordinality as chars(c, i)
        ) as pairs
        where n is not null
        order by 1), '{}')
    $$`.execute(db);
  await sql`alter table tm_segment add column grams int[] not null default '{}'`.execute(db);
  await sql`update tm_segment set grams = tm_fold_pairs(fold)`.execute(db);
  await sql`
    create function tm_segment_fill_pairs() returns trigger language plpgsql as $$
    begin
      new.grams := tm_fold_pairs(new.fold);
      return new;
    end
    $$`.execute(db);
  await sql`create trigger tm_segment_pairs before insert or update on tm_segment for each row when (new.grams = '{}') execute function tm_segment_fill_pairs()`.execute(db);
  await sql`create index tm_segment_grams on tm_segment using gin (grams gin__int_ops)`.execute(db);
  // More of the column's common pairs in its statistics (10,000 rather than 1,000): the
  // lookup reads them to tell rare pairs from common ones.
  await sql`alter table tm_segment alter column grams set statistics 1000`.execute(db);
  await sql`analyze tm_segment`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tm_segment_pairs on tm_segment`.execute(db);
  await sql`drop function tm_segment_fill_pairs()`.execute(db);
  await sql`drop index tm_segment_grams`.execute(db);
  await sql`alter table tm_segment drop column grams`.execute(db);
  await sql`drop function tm_fold_pairs(text)`.execute(db);
}
