/**
 * A TMX language code in canonical BCP 47 case, whatever the file wrote:
 * normalizeLanguage('eN-uS') -> 'en-US'; normalizeLanguage('zh-hant-hk') -> 'zh-Hant-HK';
 * normalizeLanguage('zh_cn') -> 'zh-CN'. Undefined for what is not a language tag.
 */
export function normalizeLanguage(code: string): string | undefined {
  // A file repeats a few codes on every unit; Intl's canonicalization is slow.
  if (known.has(code)) return known.get(code);
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(code.trim().replace(/_/g, '-'))[0];
  } catch {
    canonical = undefined;
  }
  if (known.size < 10_000) known.set(code, canonical);
  return canonical;
}

const known = new Map<string, string | undefined>();
