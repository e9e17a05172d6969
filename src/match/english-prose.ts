/*
 * English prose among Chinese text, told from its words: what canonicalize keeps as
 * written (markEnglishRuns) and where a name written in lower case is an ordinary
 * word (Matcher.findNames). Offsets are UTF-16 units.
 *
 * A Latin run is the text between two places where Chinese (or Japanese, Korean)
 * writing or a line break stands. It is English prose when, outside the names the
 * scan found in it, it has the words a sentence is made of: a lower-case function
 * word (the, of, said ...), two lower-case words of two letters or more of any kind,
 * or a label before a colon (Photo: Reuters). A run of names alone (Nvidia CEO
 * Jensen Huang, NVIDIA H200, Donald Trump) is not prose: Chinese text writes them so.
 */

/**
 * The Latin run around hit i (latinRunAround) and whether it is English prose
 * (isEnglishProse, judged by its words outside the run's hits, those of starts and
 * ends from i back to the run's start): what both markEnglishRuns and findNames ask
 * of a Latin hit.
 *
 * proseRunAround('Photo: Reuters', [7], [14], 0) -> { end: 14, prose: true }
 */
export function proseRunAround(text: string, starts: Int32Array, ends: Int32Array, i: number): { end: number; prose: boolean } {
  const [from, to] = latinRunAround(text, starts[i]!, ends[i]!);
  let first = i;
  while (first > 0 && starts[first - 1]! >= from) first--;
  return { end: to, prose: isEnglishProse(text, from, to, starts, ends, first) };
}

/**
 * The Latin run around text[start, end): [from, to). A Chinese gloss in ASCII
 * parentheses, as English prose writes one (Huawei (華為) said ...), does not end
 * the run: the sentence goes on around it.
 *
 * latinRunAround('他說Nvidia is big。', 2, 8) -> [2, 15]
 */
export function latinRunAround(text: string, start: number, end: number): [number, number] {
  for (;;) {
    while (start > 0 && !endsRun(text.charCodeAt(start - 1))) start--;
    if (start === 0 || text.charCodeAt(start) !== 0x29) break;
    const open = text.lastIndexOf('(', start - 1);
    if (open < 0 || start - open > GLOSS_MAX || text.slice(open, start).includes('\n')) break;
    start = open;
  }
  for (;;) {
    while (end < text.length && !endsRun(text.charCodeAt(end))) end++;
    if (end === text.length || text.charCodeAt(end - 1) !== 0x28) break;
    const close = text.indexOf(')', end);
    if (close < 0 || close - end > GLOSS_MAX || text.slice(end, close).includes('\n')) break;
    end = close + 1;
  }
  return [start, end];
}

/** The longest Chinese gloss in parentheses that a run of English spans, in UTF-16 units. */
const GLOSS_MAX = 40;

/**
 * Is the Latin run text[from, to) English prose, judged by its words outside the
 * hits (the hits from index first on, in order)? See the module comment.
 *
 * isEnglishProse('Photo: Reuters', 0, 14, [7], [14], 0) -> true
 * isEnglishProse('Nvidia CEO Jensen Huang', 0, 23, [0, 7, 11], [6, 10, 23], 0) -> false
 */
export function isEnglishProse(text: string, from: number, to: number, starts: Int32Array | readonly number[], ends: Int32Array | readonly number[], first: number): boolean {
  let h = first;
  let lowerWords = 0;
  let at = from;
  while (at < to) {
    if (!isAsciiLetter(text.charCodeAt(at))) {
      at++;
      continue;
    }
    let end = at + 1;
    let lower = isLowerAscii(text.charCodeAt(at));
    for (; end < to; end++) {
      const c = text.charCodeAt(end);
      if (isAsciiLetter(c)) lower &&= isLowerAscii(c);
      // don't, People's: an apostrophe between letters is inside the word.
      else if (!(isApostrophe(c) && end + 1 < to && isAsciiLetter(text.charCodeAt(end + 1)))) break;
    }
    while (h < starts.length && ends[h]! <= at) h++;
    const inHit = h < starts.length && starts[h]! < end;
    if (!inHit) {
      if (lower) {
        if (FUNCTION_WORDS.has(text.slice(at, end)) || (end - at >= 2 && ++lowerWords >= 2)) return true;
      } else if (end - at >= 2 && text.charCodeAt(end) === 0x3a && end + 1 < to && text.charCodeAt(end + 1) === 0x20) {
        return true; // a label: "Photo: Reuters", "Source: Bloomberg"
      }
    }
    at = end;
  }
  return false;
}

/**
 * Lower-case words that only a sentence has: articles, prepositions, conjunctions,
 * pronouns, auxiliaries and the verbs of reporting. One of them outside the names
 * makes a run prose; other lower-case words count two to one, since Chinese text
 * also writes a lone Latin word (H200 chips, vs).
 */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'into', 'about', 'over', 'under', 'after',
  'before', 'than', 'as', 'and', 'or', 'but', 'nor', 'if', 'that', 'which', 'who', 'whom', 'whose', 'what', 'when',
  'where', 'while', 'this', 'these', 'those', 'it', 'its', "it's", 'he', 'she', 'we', 'they', 'you', 'his', 'her',
  'their', 'our', 'your', 'him', 'them', 'us', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had',
  'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'not', 'no', 'said', 'says',
  'told', 'also', 'there', 'here', 'so', 'such', 'according',
]);

/**
 * Where a Latin run ends: a line break, CJK writing of any kind (ideographs, kana,
 * hangul, CJK and full-width punctuation such as ，。：（）), or a unit beyond the
 * BMP (an ideograph of the extensions, an emoji). Full-width letters and digits are
 * Latin. Curly quotes and apostrophes are shared by both scripts, and stay in a run.
 */
function endsRun(c: number): boolean {
  if (c < 0x2e80) return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
  if (c <= 0x9fff || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f)) return true;
  if (c >= 0xff00 && c <= 0xffef) return !((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a));
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isLowerAscii(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
/** ' or ’, as written inside English words (don't, People’s). */
export function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}
