import { firstHitFrom, type Hits } from './match/matcher.ts';

/** What may stand between a text's start and a dateline's city: a bracket, the outlet, a reporter; no sentence. */
const BEFORE_CITY = /^\s*[（(【[]?[^\n。！？!?，,：:；;、（）()]{0,24}$/u;
/** What follows the city: the day (and month) and 电/電/讯/訊, as wires write it: 北京12月8日电. */
const AFTER_CITY = /^(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})日(?:电|電|讯|訊)/u;
/** How far into a paragraph a dateline's city can start. */
const DATELINE_REACH = 32;
/** How many units after a city AFTER_CITY reads: 12月31日电 is 7. */
const AFTER_CITY_UNITS = 8;
/** Where a dateline's day may end: 日电, 日電, 日讯, 日訊. Rare in text, so found with one search. */
const DATELINE_DAY = /日[电電讯訊]/gu;

/**
 * The hits that are the city of a wire dateline at the start of a paragraph
 * (新华社北京8日电, （中央社台北8日電）): a text may begin with a headline, or hold
 * several stories. The dateline is the outlet's own: its city keeps the outlet's
 * form of the name whatever the target, so canonicalize leaves it as written.
 * isPlace says whether a hit names a place.
 *
 * datelineCities('（中央社台北8日電）外交部表示…', hits, isPlace) -> the index of the hit 台北
 */
export function datelineCities(text: string, hits: Hits, isPlace: (i: number) => boolean): Set<number> {
  const cities = new Set<number>();
  let lastParagraph = -1;
  for (const day of text.matchAll(DATELINE_DAY)) {
    const paragraph = text.lastIndexOf('\n', day.index) + 1;
    if (paragraph === lastParagraph || day.index - paragraph > DATELINE_REACH + AFTER_CITY_UNITS) continue;
    lastParagraph = paragraph;
    const city = datelineCityFrom(text, hits, firstHitFrom(hits, paragraph), paragraph, isPlace);
    if (city >= 0) cities.add(city);
  }
  return cities;
}

/** The dateline city among the hits from i on, in the paragraph starting at paragraph, or -1. */
function datelineCityFrom(text: string, hits: Hits, i: number, paragraph: number, isPlace: (i: number) => boolean): number {
  for (; i < hits.length && hits.starts[i]! - paragraph < DATELINE_REACH; i++) {
    const end = hits.ends[i]!;
    if (!AFTER_CITY.test(text.slice(end, end + AFTER_CITY_UNITS))) continue;
    if (isPlace(i) && BEFORE_CITY.test(text.slice(paragraph, hits.starts[i]!))) return i;
    return -1;
  }
  return -1;
}

