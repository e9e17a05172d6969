import { glossaryFiles, importedFiles } from '../src/glossary/glossary-files.ts';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { foldChar, foldText } from '../src/fold.ts';
import { ScriptConverters } from '../src/locale.ts';

/**
 * Write a synthetic glossary of `count` entities into dir, shaped like the real one:
 * people, organisations, products and terms, with regional names, full and short
 * forms and aliases. Names are built from the Han characters of the seed articles,
 * so many of them look like real words and the scan meets real near-misses.
 */
export function generateGlossary(dir: string, count: number, seedsDir: string, realDir: string, textShare = 0): void {
  mkdirSync(dir, { recursive: true });
  // The real glossary comes along, so the big one finds what the small one finds.
  cpSync(realDir, dir, { recursive: true });
  const realText = foldText([...glossaryFiles(realDir), ...importedFiles(realDir)].map((f) => readFileSync(f, 'utf8')).join('\n'));
  const convert = new ScriptConverters();
  const seedText = readdirSync(seedsDir).map((f) => readFileSync(join(seedsDir, f), 'utf8')).join('');
  const chars = [...new Set([...seedText].filter((c) => /[\u4e00-\u9fff]/.test(c)).map((c) => String.fromCharCode(foldChar(c.charCodeAt(0)))))];
  const n = chars.length;
  const kinds = ['person', 'org', 'product', 'term'] as const;
  const entries: Record<string, unknown>[] = [];
  // For a stress test, a share of the entities can be four-character runs of the seed
  // text itself (every third one): the scan then meets far more hits than news has.
  const grams = new Set<string>();
  for (const run of foldText(seedText).match(/[\u4e00-\u9fff]{4,}/g) ?? []) {
    for (let i = 0; i + 4 <= run.length; i += 3) {
      const gram = run.slice(i, i + 4);
      if (!realText.includes(gram)) grams.add(gram);
    }
  }
  const inText = [...grams].slice(0, Math.floor(count * textShare));
  inText.forEach((gram, i) => entries.push({ id: `seed-gram-${i}`, kind: 'term', names: { 'zh-CN': gram, en: `gram ${i}` } }));
  /** The keys a Han name and its regional spellings fold to (the build's variants among them). */
  const hanKeys = (han: string): string[] => {
    const tw = convert.toHantTW(han);
    const hk = convert.toHantHK(han);
    return [...new Set([han, tw, hk, convert.toHans(tw), convert.toHans(hk)].map(foldText))];
  };
  const used = new Set<string>();
  const clashes = (han: string): boolean => hanKeys(han).some((key) => used.has(key));
  for (let i = inText.length; i < count; i++) {
    // The last two characters spell i in base n (so every name is distinct), spread
    // over the whole character inventory rather than its commonest few.
    const q = Math.floor(i / n);
    const r = i % n;
    // Distinct strings can still fold to one key once converted (反复特 is 反覆特 in zh-TW,
    // another entity's zh-CN name at 1,000,000): move the first character until none does.
    let han = '';
    for (let shift = 0; han === '' || clashes(han); shift++) han = chars[(i * 7919 + shift) % n]! + chars[(q + 13 * r) % n]! + chars[r]!;
    for (const key of hanKeys(han)) used.add(key);
    const kind = kinds[i % kinds.length]!;
    const latin = `Gen${i.toString(36)}`;
    const zhCN = kind === 'org' ? `${han}集团` : han;
    const entry: Record<string, unknown> = {
      id: `gen-${i}`,
      kind,
      names: { 'zh-CN': zhCN, 'zh-TW': convert.toHantTW(zhCN), 'zh-HK': convert.toHantHK(zhCN), en: kind === 'product' ? `${latin.toUpperCase()}-${i % 997}` : `${latin} ${kind}` },
      aliases: kind === 'org' ? [`${han}公司`, `${latin} Corp`] : [`${latin}x`],
    };
    if (kind === 'person') entry.full = { 'zh-CN': `${han}·${chars[(i * 31) % n]}` };
    entries.push(entry);
  }
  for (let f = 0; f * 10_000 < count; f++) {
    writeFileSync(join(dir, `generated-${String(f).padStart(3, '0')}.yaml`), stringify(entries.slice(f * 10_000, (f + 1) * 10_000), { lineWidth: 0 }));
  }
}
