/**
 * A TMX language code in canonical BCP 47 case, whatever the file wrote:
 * normalizeLanguage('eN-uS') -> 'en-US'; normalizeLanguage('zh-hant-hk') -> 'zh-Hant-HK';
 * normalizeLanguage('zh_cn') -> 'zh-CN'. Undefined for what is not a language tag.
 */
export function normalizeLanguage(code: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(code.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}
