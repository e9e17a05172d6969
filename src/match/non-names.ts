import { isApostrophe, proseRunAround } from './english-prose.ts';
import type { Hits } from './matcher.ts';

/**
 * Drops the hits of a scan that are not names where they stand, though their
 * letters are a glossary name's:
 *
 * - inside a span that is not prose (excludedSpans): a URL, an e-mail address, an
 *   @handle, a #hashtag, a domain or file name, inline code. pic.twitter.com has no
 *   Twitter in it, info@us.gov no US. A hit that is the whole span (a glossary name
 *   such as Amazon.com) stays.
 * - a Latin hit inside a longer run of capitalized words (inNameRun): Trump in
 *   "Donald John Trump" or "Eric Trump" names someone the glossary does not know.
 * - a Latin hit joined to more letters by an apostrophe (inApostropheWord): Xi in
 *   Xi'an, a city, or a name in O'Brien; the possessive 's (Nvidia's) is not such a join.
 *
 * namesIn('Contact info@us.gov or see pic.twitter.com', hits) -> hits without us and twitter
 */
export function namesIn(text: string, hits: Hits): Hits {
  if (hits.length === 0) return hits;
  const spans = excludedSpans(text);
  const { starts, ends, keys } = hits;
  let kept = 0;
  let s = 0;
  // The hit before i as the scan found it (compaction may since have moved another there).
  let nameBefore = -1;
  // A loop of its own, not a callback: it runs once per hit of every scan.
  for (let i = 0; i < hits.length; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    while (s < spans.length && spans[s + 1]! <= start) s += 2;
    // Spans come in order and do not overlap, so only span s can hold the hit.
    const excluded = s < spans.length && spans[s]! < end && !(spans[s] === start && spans[s + 1] === end);
    const nameAfter = i + 1 < hits.length ? starts[i + 1]! : -1;
    const drop = excluded || inNameRun(text, start, end, nameBefore, nameAfter) || inForeignName(text, start, end, nameBefore, nameAfter) || inApostropheWord(text, start, end);
    nameBefore = end;
    if (drop) continue;
    starts[kept] = start;
    ends[kept] = end;
    keys[kept] = keys[i]!;
    kept++;
  }
  return firstOf(hits, kept);
}

/** The first count hits (all of them when count is hits.length). */
function firstOf(hits: Hits, count: number): Hits {
  if (count === hits.length) return hits;
  return { length: count, starts: hits.starts.subarray(0, count), ends: hits.ends.subarray(0, count), keys: hits.keys.subarray(0, count) };
}

/**
 * Drops the hits whose key is capitalizedOnly (every name behind it is written
 * with a capital: Trump, Meta, Azure, Sacks) where the text writes them all in lower
 * case inside English prose: there they are ordinary words ("his trump card", "a
 * meta-analysis", "the azure sky", "filled sacks with sand"). In Chinese text a
 * Latin word in lower case is still the name (nvidia发布新芯片, 圖片來源:reuters).
 *
 * withoutLowerCaseWords('his trump card is strong', hits, capitalizedOnly) -> hits without trump
 */
export function withoutLowerCaseWords(text: string, hits: Hits, capitalizedOnly: Uint8Array): Hits {
  const { starts, ends, keys } = hits;
  let kept = 0;
  for (let i = 0; i < hits.length; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    const key = keys[i]!;
    // proseRunAround reads the run's hits before i in the arrays being compacted
    // (writes go only to kept, at most i): kept hits or the scan's own there, names
    // either way, which is all it asks of them.
    if (capitalizedOnly[key] === 1 && !hasCapital(text, start, end) && proseRunAround(text, starts, ends, i).prose) continue;
    starts[kept] = start;
    ends[kept] = end;
    keys[kept] = key;
    kept++;
  }
  return firstOf(hits, kept);
}

function hasCapital(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isCapital(text.charCodeAt(k)) || (text.charCodeAt(k) >= 0xff21 && text.charCodeAt(k) <= 0xff3a)) return true;
  return false;
}

/**
 * Is the Latin hit text[start, end) one word of a longer run of capitalized words,
 * a name the glossary does not know? The word right before or after it, joined by
 * one space, hyphen or middle dot, decides:
 *
 * - a capitalized word with a lower-case letter in it (John, McCain, Ivanka, Tower)
 *   is part of the name: "Donald John Trump", "Eric Trump", "Trump Tower" are not
 *   Trump alone;
 * - an initial, one capital and a full stop after a space (Donald J. Trump), too;
 * - but not a word that is capitalized for another reason (NOT_NAME_PARTS: titles
 *   as in "President Trump", sentence-initial function words as in "The Trump
 *   administration", days, months, nationalities, prefixes as in "Anti-Trump",
 *   company suffixes as in "Nvidia Corp", words of headlines as in "Trump Says");
 * - nor a word that is itself a hit (nameBefore/nameAfter: where the previous hit
 *   ends, where the next starts), as in "Trump-Biden" or "Xi Jinping Trump";
 * - nor a word in capitals (CEO, US): "Nvidia CEO Jensen Huang".
 * - A possessive that ends a run of two or more capitalized words is the name's
 *   owner or the middle of a title: "National People's Congress", "Hong Kong's
 *   Democrats" are not the US Congress or party. A possessive of one word
 *   ("China's Congress") or of a hit ("Donald Trump's White House") is not such a run.
 *
 * A hit in capitals (US, AMD, TSMC) is an acronym, a word of its own, and is never
 * dropped by this rule: "US President Trump" keeps its US.
 *
 * inNameRun('Donald John Trump said', 12, 17, -1, -1) -> true
 */
export function inNameRun(text: string, start: number, end: number, nameBefore: number, nameAfter: number): boolean {
  if (!isLetter(text.charCodeAt(start)) && !isLetter(text.charCodeAt(end - 1))) return false;
  if (isAcronym(text, start, end)) return false;
  if (start >= 2 && isLetter(text.charCodeAt(start)) && isJoiner(text.charCodeAt(start - 1)) && start - 1 !== nameBefore) {
    let from = start - 1;
    if (text.charCodeAt(from - 1) === 0x2e) {
      // An initial: "J." after a space or at the start.
      const c = text.charCodeAt(from - 2);
      if (isCapital(c) && (from - 3 < 0 || text.charCodeAt(from - 3) === 0x20)) return true;
    } else {
      while (from > 0 && isLetter(text.charCodeAt(from - 1))) from--;
      if (isNamePart(text, from, start - 1) || endsTitlePossessive(text, from, start - 1, nameBefore)) return true;
    }
  }
  if (end + 1 < text.length && isLetter(text.charCodeAt(end - 1)) && isJoiner(text.charCodeAt(end)) && end + 1 !== nameAfter) {
    let to = end + 1;
    while (to < text.length && isLetter(text.charCodeAt(to))) to++;
    if (isNamePart(text, end + 1, to)) return true;
  }
  return false;
}

/**
 * Is the Chinese hit text[start, end) one part of a transliterated foreign name the
 * glossary does not know? Chinese joins the parts of such a name with a middle dot
 * (伊万卡·特朗普 is Ivanka Trump, 阿里·伯恩鲍姆 a person named Ali), so a hit with a
 * dot and Chinese across either edge is taken only where that part is a hit of its
 * own (中国·上海, a heading's place and city). The whole name, when the glossary
 * has it (唐纳德·特朗普), is one hit with no dot at its edges.
 *
 * inForeignName('伊万卡·特朗普出席', 4, 7, -1, -1) -> true
 */
export function inForeignName(text: string, start: number, end: number, nameBefore: number, nameAfter: number): boolean {
  if (start >= 2 && isNameDot(text.charCodeAt(start - 1)) && isIdeograph(text.charCodeAt(start - 2)) && isIdeograph(text.charCodeAt(start)) && nameBefore !== start - 1) return true;
  return end + 1 < text.length && isNameDot(text.charCodeAt(end)) && isIdeograph(text.charCodeAt(end + 1)) && isIdeograph(text.charCodeAt(end - 1)) && nameAfter !== end + 1;
}

/** The middle dots that join the parts of a transliterated name: · ‧ • ・ ･ and the hyphenation point. */
function isNameDot(c: number): boolean {
  return c === 0xb7 || c === 0x2027 || c === 0x2022 || c === 0x30fb || c === 0xff65 || c === 0x2219 || c === 0x22c5;
}

/**
 * Is the hit text[start, end) part of a word written with an apostrophe inside it:
 * a letter, an apostrophe and a letter across either of its edges? Xi'an is a city
 * and O'Brien a name of its own; Nvidia's and Reuters' are the names themselves.
 *
 * inApostropheWord("in Xi'an", 3, 5) -> true; inApostropheWord("Nvidia's chips", 0, 6) -> false
 */
export function inApostropheWord(text: string, start: number, end: number): boolean {
  if (start >= 2 && isApostrophe(text.charCodeAt(start - 1)) && isLetter(text.charCodeAt(start - 2)) && isLetter(text.charCodeAt(start))) return true;
  if (!isLetter(text.charCodeAt(end - 1)) || !isApostrophe(text.charCodeAt(end)) || !isLetter(text.charCodeAt(end + 1))) return false;
  const possessive = (text.charCodeAt(end + 1) | 0x20) === 0x73 && !isLetter(text.charCodeAt(end + 2));
  return !possessive;
}

/**
 * Is text[from, to) the s of a possessive (People's) whose word is capitalized, is
 * not where the previous hit ends (nameBefore), and follows another capitalized
 * word after a space (National People's)?
 */
function endsTitlePossessive(text: string, from: number, to: number, nameBefore: number): boolean {
  if (to - from !== 1 || (text.charCodeAt(from) | 0x20) !== 0x73 || !isApostrophe(text.charCodeAt(from - 1))) return false;
  const wordEnd = from - 1;
  if (wordEnd === nameBefore) return false;
  let wordStart = wordEnd;
  while (wordStart > 0 && isLetter(text.charCodeAt(wordStart - 1))) wordStart--;
  if (wordEnd - wordStart < 2 || !isCapital(text.charCodeAt(wordStart)) || text.charCodeAt(wordStart - 1) !== 0x20) return false;
  let before = wordStart - 1;
  while (before > 0 && isLetter(text.charCodeAt(before - 1))) before--;
  return wordStart - 1 - before >= 2 && isCapital(text.charCodeAt(before));
}

/** Is text[from, to) a whole capitalized word that could be part of a name? */
function isNamePart(text: string, from: number, to: number): boolean {
  if (to - from < 2 || !isCapital(text.charCodeAt(from))) return false;
  if (from > 0 && (isAsciiAlnum(text.charCodeAt(from - 1)) || text.charCodeAt(from - 1) === 0x2e)) return false;
  if (to < text.length && isAsciiAlnum(text.charCodeAt(to))) return false;
  let lower = false;
  for (let k = from + 1; k < to; k++) if (isLowerLetter(text.charCodeAt(k))) lower = true;
  return lower && !NOT_NAME_PARTS.has(text.slice(from, to).toLowerCase());
}

function isAcronym(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (isLowerLetter(text.charCodeAt(k))) return false;
  return true;
}

/** Space, hyphen or a middle dot: what joins the words of one name. */
function isJoiner(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0xb7 || c === 0x2027 || c === 0x30fb;
}
function isCapital(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}
function isLowerLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}
function isLetter(c: number): boolean {
  return isCapital(c) || isLowerLetter(c) || (c >= 0x100 && c <= 0x24f);
}

/**
 * Capitalized words that are not parts of a name, in lower case: they stand next
 * to names for other reasons. A closed list, kept short: a word missing from it
 * costs one mention (precision first); a given name in it would cost precision.
 */
const NOT_NAME_PARTS = new Set(
  [
    // titles and offices
    'president', 'vice', 'former', 'prime', 'minister', 'premier', 'chairman', 'chairwoman', 'chair', 'chief', 'executive',
    'officer', 'founder', 'cofounder', 'secretary', 'general', 'state', 'senator', 'sen', 'representative', 'rep', 'congressman',
    'congresswoman', 'governor', 'gov', 'mayor', 'speaker', 'leader', 'ambassador', 'envoy', 'spokesman', 'spokeswoman',
    'spokesperson', 'director', 'commissioner', 'adviser', 'advisor', 'judge', 'justice', 'attorney', 'chancellor', 'king',
    'queen', 'prince', 'princess', 'pope', 'emperor', 'lord', 'lady', 'first', 'sir', 'dame', 'dr', 'mr', 'mrs', 'ms',
    'professor', 'prof', 'admiral', 'colonel', 'captain', 'lieutenant', 'candidate', 'nominee', 'republican', 'democrat',
    'democratic', 'comrade', 'party', 'house', 'senate', 'white', 'team', 'coach', 'analyst', 'reporter', 'editor',
    'elect', 'defense', 'defence', 'commerce', 'treasury', 'trade', 'foreign', 'finance', 'interior', 'labor', 'energy',
    // function words that open sentences and headlines
    'the', 'a', 'an', 'and', 'but', 'or', 'nor', 'so', 'yet', 'if', 'when', 'while', 'as', 'at', 'in', 'on', 'for', 'with',
    'from', 'to', 'by', 'of', 'about', 'after', 'before', 'since', 'then', 'although', 'though', 'because', 'under',
    'over', 'that', 'this', 'these', 'those', 'both', 'either', 'neither', 'his', 'her', 'their', 'our', 'its', 'my',
    'your', 'meanwhile', 'however', 'still', 'also', 'even', 'only', 'why', 'how', 'what', 'who', 'whom', 'where', 'which',
    'is', 'was', 'are', 'were', 'be', 'did', 'does', 'do', 'has', 'had', 'have', 'will', 'would', 'can', 'could',
    'should', 'may', 'might', 'must', 'not', 'no', 'yes', 'dear', 'today', 'yesterday', 'tomorrow', 'tonight', 'now',
    'like', 'unlike', 'against', 'between', 'without', 'during', 'until', 'via', 'per', 'than', 'whether', 'said',
    'says', 'say', 'told', 'asked', 'according', 'photo', 'credit', 'source', 'update', 'breaking', 'exclusive', 'opinion',
    'analysis', 'watch', 'live', 'video', 'news', 'report',
    // headline words after a name
    'calls', 'warns', 'vows', 'signs', 'meets', 'plans', 'wins', 'loses', 'slams', 'urges', 'backs', 'hits', 'seeks',
    'sues', 'orders', 'announces', 'unveils', 'launches', 'rejects', 'denies', 'admits', 'faces', 'tells', 'wants',
    'administration', 'government', 'campaign', 'era', 'policy', 'policies', 'tariffs', 'tariff', 'deal', 'visit', 'trip',
    'summit', 'talks', 'ban', 'shares', 'stock', 'earnings', 'chips', 'chip',
    // company words after a name
    'inc', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'plc', 'group', 'holdings', 'holding', 'ag',
    'sa', 'se', 'gmbh',
    // days and months
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april',
    'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
    'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    // nationalities and places used as modifiers
    'chinese', 'american', 'taiwanese', 'japanese', 'korean', 'russian', 'ukrainian', 'british', 'french', 'german',
    'indian', 'israeli', 'iranian', 'european', 'asian', 'african', 'canadian', 'australian', 'mexican', 'brazilian',
    'italian', 'spanish', 'dutch', 'swiss', 'vietnamese', 'philippine', 'filipino', 'thai', 'malaysian', 'singaporean',
    'indonesian', 'pakistani', 'turkish', 'saudi', 'western', 'eastern', 'northern', 'southern', 'global', 'international',
    'national', 'federal', 'mainland',
    // prefixes before a hyphen
    'pro', 'anti', 'non', 'ex', 'post', 'pre', 'never', 'mid', 'neo', 'pan', 'sino', 'trans', 'all',
  ],
);

/**
 * The spans of text that are not prose, as [start, end) pairs of UTF-16 offsets,
 * sorted and not overlapping. Each kind is found from a rare character by indexOf
 * (native, far faster than a loop over every unit), so a text without any of them
 * costs a few searches:
 *
 * - `scheme://...` and `www....`: to the first space, quote, angle bracket, CJK
 *   punctuation or ideograph, with trailing sentence punctuation left out. Ideographs
 *   right after / = ? & # _ - are a path or query (zh.wikipedia.org/wiki/特朗普) and
 *   belong to the URL; after a letter or digit they are the sentence going on
 *   (见https://x.com/a特朗普说), since Chinese writes no space there.
 * - e-mail addresses: local@domain.tld.
 * - @handle in ASCII letters, digits and _ (X, Instagram, GitHub); #hashtag in
 *   those and ideographs (#川普 #晶片戰爭), and Weibo's #话题# with its closing #.
 *   Handles in Chinese (@人民日报) are not recognised: Weibo writes them with no
 *   space after, and nothing says where they end.
 * - dotted tokens, ASCII words joined by dots with a last part of two or more
 *   letters all in lower case or all in capitals: pic.twitter.com, us.gov,
 *   report_US.pdf, Node.js. "U.S." and "e.g." are not (one-letter parts), nor is a
 *   missing space as in "said.The".
 * - inline code between backticks on one line, and ``` fenced blocks.
 * - a stock code in parentheses, its market after a hyphen: (TSM-US), （2330-TW）.
 *   The code is three or more capitals or digits, so (US-EU) is still two names.
 *
 * excludedSpans('mail info@us.gov') -> [5, 16]
 */
export function excludedSpans(text: string): number[] {
  const spans: number[] = [];
  urls(text, spans);
  emailsAndHandles(text, spans);
  hashtags(text, spans);
  dottedTokens(text, spans);
  code(text, spans);
  tickers(text, spans);
  return merged(spans);
}

function tickers(text: string, spans: number[]): void {
  for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 6 && isTickerUnit(text.charCodeAt(start - 1))) start--;
    if (at - start < 3 || !isTickerOpening(text.charCodeAt(start - 1))) continue;
    let end = at + 1;
    while (end < text.length && end - at <= 2 && isCapitalAscii(text.charCodeAt(end))) end++;
    if (end === at + 1 || !isTickerClosing(text.charCodeAt(end))) continue;
    spans.push(start, end);
    at = end;
  }
}

function isTickerUnit(c: number): boolean {
  return isCapitalAscii(c) || (c >= 0x30 && c <= 0x39);
}
function isCapitalAscii(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
/** What stands before a stock code: a parenthesis, or a separator in a list of codes. */
function isTickerOpening(c: number): boolean {
  return c === 0x28 || c === 0xff08 || c === 0x2c || c === 0xff0c || c === 0x3001 || c === 0x20;
}
function isTickerClosing(c: number): boolean {
  return c === 0x29 || c === 0xff09 || c === 0x2c || c === 0xff0c || c === 0x3001;
}

function urls(text: string, spans: number[]): void {
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let start = at;
    while (start > 0 && isSchemeUnit(text.charCodeAt(start - 1))) start--;
    if (start === at) continue;
    at = urlEnd(text, at + 3);
    spans.push(start, at);
  }
  for (let at = text.indexOf('www.'); at >= 0; at = text.indexOf('www.', at + 4)) {
    if (at > 0 && isUrlWordUnit(text.charCodeAt(at - 1))) continue;
    const end = urlEnd(text, at + 4);
    spans.push(at, end);
    at = end - 4;
  }
}

/** Where a URL whose body starts at from ends. */
function urlEnd(text: string, from: number): number {
  let end = from;
  let open = 0;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x60 || isCjkPunctuation(c)) break;
    if (isIdeograph(c) && !isIdeograph(text.charCodeAt(end - 1)) && !PATH_MARKS.has(text.charCodeAt(end - 1))) break;
    if (c === 0x28) open++;
    if (c === 0x29 && open-- === 0) break; // (see https://x.com) closes the aside, not the URL
  }
  while (end > from && TRAILING.has(text.charCodeAt(end - 1))) end--;
  return end;
}

const PATH_MARKS = new Set([...'/=?&#_-%'].map((c) => c.charCodeAt(0)));
const TRAILING = new Set([...'.,;:!?'].map((c) => c.charCodeAt(0)));

function emailsAndHandles(text: string, spans: number[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isLocalUnit(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDomainUnit(text.charCodeAt(end))) end++;
    while (end > at + 1 && text.charCodeAt(end - 1) === 0x2e) end--; // a sentence's full stop
    const domain = text.slice(at + 1, end);
    if (start < at && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain)) {
      spans.push(start, end);
      at = end - 1;
      continue;
    }
    if (start < at) continue; // name@ with no domain: not an address, not a handle
    end = at + 1;
    while (end < text.length && isHandleUnit(text.charCodeAt(end))) end++;
    if (end > at + 1) spans.push(at, end);
  }
}

function hashtags(text: string, spans: number[]): void {
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    if (at > 0 && isHandleUnit(text.charCodeAt(at - 1))) continue; // C#; a URL's fragment is in the URL
    let end = at + 1;
    while (end < text.length && end - at <= HASHTAG_MAX && (isHandleUnit(text.charCodeAt(end)) || isIdeograph(text.charCodeAt(end)))) end++;
    if (end === at + 1) continue; // "# Heading", "#1" is a word unit and stays
    if (text.charCodeAt(end) === 0x23) end++; // Weibo's #话题# closes with a second #
    spans.push(at, end);
    at = end - 1;
  }
}

/** Units of a hashtag after its #: a run of Chinese with no space after it is cut here. */
const HASHTAG_MAX = 40;

function dottedTokens(text: string, spans: number[]): void {
  for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) {
    if (at === 0 || !isTokenUnit(text.charCodeAt(at - 1)) || !isTokenUnit(text.charCodeAt(at + 1))) continue;
    let start = at;
    while (start > 0 && (isTokenUnit(text.charCodeAt(start - 1)) || (text.charCodeAt(start - 1) === 0x2e && isTokenUnit(text.charCodeAt(start - 2))))) start--;
    let end = at + 1;
    while (end < text.length && (isTokenUnit(text.charCodeAt(end)) || (text.charCodeAt(end) === 0x2e && isTokenUnit(text.charCodeAt(end + 1))))) end++;
    const dot = text.lastIndexOf('.', end - 1);
    const last = text.slice(dot + 1, end);
    if (!/^(?:[a-z][a-z0-9]+|[A-Z][A-Z0-9]{1,3})$/.test(last)) {
      at = end;
      continue;
    }
    // A path after a domain (pic.twitter.com/abc) belongs to it.
    if (text.charCodeAt(end) === 0x2f) end = urlEnd(text, end);
    spans.push(start, end);
    at = end;
  }
}

function code(text: string, spans: number[]): void {
  let at = text.indexOf('`');
  while (at >= 0) {
    if (text.startsWith('```', at)) {
      const close = text.indexOf('```', at + 3);
      const end = close < 0 ? text.length : close + 3;
      spans.push(at, end);
      at = text.indexOf('`', end);
      continue;
    }
    const close = text.indexOf('`', at + 1);
    if (close < 0) break;
    const newline = text.indexOf('\n', at + 1);
    if (newline >= 0 && newline < close) {
      at = close; // the first backtick had no partner on its line
      continue;
    }
    spans.push(at, close + 1);
    at = text.indexOf('`', close + 1);
  }
}

/** The pairs sorted by start, overlapping ones joined. */
function merged(spans: number[]): number[] {
  if (spans.length <= 2) return spans;
  const order: number[] = [];
  for (let k = 0; k < spans.length; k += 2) order.push(k);
  order.sort((a, b) => spans[a]! - spans[b]!);
  const out: number[] = [];
  for (const k of order) {
    const s = spans[k]!;
    const e = spans[k + 1]!;
    if (out.length > 0 && s < out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, e);
    else out.push(s, e);
  }
  return out;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isSchemeUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2b || c === 0x2d || c === 0x2e;
}
function isUrlWordUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x2f;
}
function isLocalUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}
function isDomainUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x2d;
}
function isHandleUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x5f;
}
/** A unit of a dotted token's parts: file names have _ and - too. */
function isTokenUnit(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x5f || c === 0x2d;
}
function isIdeograph(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
/** CJK and full-width punctuation: 。，、「」《》（） and the like. */
function isCjkPunctuation(c: number): boolean {
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}
