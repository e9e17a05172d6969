import type { Hits } from './match/matcher.ts';

/** What may stand between a text's start and a dateline's city: a bracket, the outlet, a reporter; no sentence. */
const BEFORE_CITY = /^\s*[（(【[]?[^\n。！？!?，,：:；;、（）()]{0,24}$/u;
/** What follows the city: the day (and month) and 电/電/讯/訊, as wires write it: 北京12月8日电. */
const AFTER_CITY = /^(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})日(?:电|電|讯|訊)/u;
/** How far into a text a dateline's city can start. */
const DATELINE_REACH = 32;

/**
 * The hit that is the city of a wire dateline at the start of the text (新华社北京8日电,
 * （中央社台北8日電）), or -1. The dateline is the outlet's own: its city keeps the
 * outlet's form of the name whatever the target, so canonicalize leaves it as written.
 * isPlace says whether a hit names a place.
 *
 * datelineCity('（中央社台北8日電）外交部表示…', hits, isPlace) -> the index of the hit 台北
 */
export function datelineCity(text: string, hits: Hits, isPlace: (i: number) => boolean): number {
  for (let i = 0; i < hits.length && hits.starts[i]! < DATELINE_REACH; i++) {
    const end = hits.ends[i]!;
    if (!AFTER_CITY.test(text.slice(end, end + 8))) continue;
    if (isPlace(i) && BEFORE_CITY.test(text.slice(0, hits.starts[i]!))) return i;
    return -1;
  }
  return -1;
}
