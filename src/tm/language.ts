/**
 * A TMX language code in canonical BCP 47 case, whatever the file wrote:
 * normalizeLanguage('eN-uS') -> 'en-US'; normalizeLanguage('zh-hant-hk') -> 'zh-Hant-HK';
 * normalizeLanguage('zh_cn') -> 'zh-CN'. Undefined for what is not a language tag
 * with an ISO 639 language (two or three letters) first.
 */
export function normalizeLanguage(code: string): string | undefined {
  // A file repeats a few codes on every unit; Intl's canonicalization is slow.
  if (known.has(code)) return known.get(code);
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(code.trim().replace(/_/g, '-'))[0];
    // BCP 47 allows 5-8 letter primary subtags, but no language uses one: "source" or
    // "target" in a CSV header is a mistake to report, not a language.
    if (canonical && !/^[a-z]{2,3}(-|$)/.test(canonical)) canonical = undefined;
  } catch {
    canonical = undefined;
  }
  if (known.size < 10_000) known.set(code, canonical);
  return canonical;
}

const known = new Map<string, string | undefined>();
