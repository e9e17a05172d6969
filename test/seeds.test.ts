import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { CSV_COLUMNS } from '../src/export/csv.ts';
import { isLatinName } from '../src/fold.ts';
import { compileGlossary } from '../src/glossary/build.ts';
import { buildTestStore, ROOT, seedFiles, target, tempDir, type TestStore } from './helpers.ts';

/**
 * Entities each seed's news text names (site menus, comment boxes and the spam at
 * the end left out), written from reading the articles.
 */
const REQUIRED: Record<string, string[]> = {
  '000': [
    'white-house', 'artificial-intelligence', 'david-sacks', 'china', 'united-states', 'nvidia', 'nvidia-h200', 'chip',
    'semiconductor', 'huawei', 'donald-trump', 'bloomberg', 'bloomberg-tech', 'bloomberg-intelligence', 'financial-times',
    'jensen-huang', 'chief-executive', 'data-center', 'beijing', 'cambricon', 'nvidia-hopper', 'nvidia-blackwell',
    'nvidia-rubin', 'washington-dc', 'truth-social', 'xi-jinping', 'nvidia-h20', 'huawei-cloudmatrix-384',
    'venture-capitalist', 'social-media', 'plan', 'news-report', 'export-control',
  ],
  '001': [
    'tony-byline-001', 'united-states', 'nvidia', 'nvidia-h200', 'china', 'donald-trump', 'chip', 'financial-times',
    'xi-jinping', 'nvidia-blackwell', 'nvidia-b200', 'joe-biden', 'washington-dc', 'gpu', 'artificial-intelligence',
    'semiconductor', 'data-center', 'beijing', 'high-end', 'united-kingdom', 'us-china-tech-war', 'news-report', 'reuters',
  ],
  '002': [
    'qi-qian', 'guancha', 'united-states', 'donald-trump', 'nvidia', 'china', 'nvidia-h200', 'artificial-intelligence', 'chip',
    'truth-social', 'us-department-of-commerce', 'amd', 'intel', 'nvidia-blackwell', 'nvidia-rubin', 'white-house',
    'jensen-huang', 'financial-times', 'joe-biden', 'nbc', 'reuters', 'memory', 'nvidia-h100', 'nvidia-h20',
    'institute-for-progress', 'new-york-times', 'chief-executive', 'washington-dc', 'bloomberg', 'us-congress', 'huawei',
    'huawei-ascend', 'alibaba', 'tencent', 'baidu', 'bytedance', 'internet', 'china-mfa', 'lin-jian', 'semiconductor',
    'export-control', 'market-share', 'video', 'united-kingdom', 'news-report', 'social-media', 'supercomputer',
  ],
  '003': [
    'donald-trump', 'nvidia', 'nvidia-h200', 'chip', 'china', 'lu-jiahong', 'bbc-news-chinese', 'artificial-intelligence',
    'united-states', 'financial-times', 'beijing', 'alibaba', 'tencent', 'bytedance', 'xi-jinping', 'semiconductor',
    'cameron-johnson', 'tidalwave-solutions', 'shanghai', 'rare-earths', 'singapore', 'vivian-toh', 'tech-tech-china',
    'startup', 'huawei', 'cambricon', 'market-share', 'amcham-shanghai', 'malaysia', 'middle-east', 'data-center',
    'nvidia-h20', 'china-ndrc', 'china-miit', 'hu-xijin', 'global-times', 'network', 'gpu', 'cluster', 'large-language-model',
    'high-performance-computing', 'zhang-binlei', 'zhenxinhui', 'caixin', 'chip-war-book', 'tufts-university',
    'chris-miller', 'pbs', 'taiwan', 'south-korea', 'bbc', 'algorithm', 'white-house', 'joe-biden', 'reuters',
    'nvidia-blackwell', 'chief-executive', 'wall-street-journal', 'barack-obama', 'us-department-of-commerce',
    'eric-hirschhorn', 'us-democratic-party', 'us-republican-party', 'deepseek', 'qwen', 'hunyuan', 'georgetown-university',
    'rush-doshi', 'us-national-security-council', 'x-platform', 'america-first', 'us-china-trade-war', 'washington-dc',
    'united-kingdom', 'high-end', 'news-report',
  ],
  '004': [
    'global-times', 'ni-hao', 'zhang-yiyi', 'reuters', 'nvidia', 'china', 'nvidia-h200', 'artificial-intelligence', 'chip',
    'nvidia-blackwell', 'joe-biden', 'united-states', 'donald-trump', 'nvidia-rubin', 'wall-street-journal',
    'us-department-of-commerce', 'howard-lutnick', 'white-house', 'huawei', 'us-democratic-party', 'elizabeth-warren',
    'gregory-meeks', 'china-mfa', 'guo-jiakun', 'china-cac', 'nvidia-h20', 'xiang-ligang',
    'zgc-information-consumption-alliance', 'ma-jihua', 'us-congress', 'wall-street', 'moore-threads', 'metax', 'biren',
    'enflame', 'cambricon', 'kweichow-moutai', 'truth-social', 'amd', 'intel', 'tsmc', 'arizona', 'phoenix-arizona',
    'qualcomm', 'middle-east', 'uae', 'mohamed-bin-zayed', 'csis', 'gregory-allen', 'us-senate', 'nvidia-a100',
    'nvidia-h100', 'huawei-ascend-910c', 'huawei-ascend-910b', 'cambricon-mlu690', 'cambricon-siyuan-590', 'kunlunxin',
    'kunlunxin-p800', 'idc', 'aicc-2025', 'huawei-ascend-950', 'google', 'amazon', 'microsoft', 'aws-trainium3', 'openai',
    'microsoft-maia-100', 'microsoft-azure', 'data-center', 'aws', 'aws-reinvent-2025', 'google-tpu', 'broadcom',
    'google-gemini', 'meta', 'stephen-witt', 'jensen-huang', 'apec', 'chief-executive', 'gpu',
    'total-processing-performance', 'cluster', 'bandwidth', 'memory', 'america-first', 'cloud-computing', 'information',
    'internet', 'market-share', 'plan', 'export-control', 'semiconductor', 'news-report', 'video-memory', 'lunar-new-year',
  ],
};

/** Forms of other regions that must not survive canonicalization to each target. */
const FORBIDDEN: Record<string, string[]> = {
  'zh-CN': ['辉达', '輝達', '川普', '晶片', '人工智慧', '资料中心', '資料中心', '网路', '演算法', '丛集', '社群媒体', '计画', '报导', '执行长', '市占率', '高阶', '美中贸易战'],
  'zh-TW': ['英伟达', '英偉達', '辉达', '特朗普', '芯片', '人工智能', '数据中心', '數據中心', '社交媒体', '计划', '报道', '首席执行官', '市场份额', '中美贸易战', '超级计算机', '显存'],
  'zh-HK': ['川普', '辉达', '輝達', '英伟达', '英偉達', '芯片', '人工智慧', '资料中心', '資料中心', '社群媒体'],
};

/** A fallback name may contain another region's word: it is the event's name, not the term. */
const FALLBACK_NAMES: Record<string, string[]> = {
  'zh-TW': ['2025人工智能計算大會'],
  'zh-HK': ['2025人工智能計算大會'],
};

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore(false);
});

describe.each(seedFiles().map((file) => [basename(file).slice(0, 3), file] as const))('seed %s', (seed, file) => {
  const text = readFileSync(file, 'utf8');

  it.each(['zh-CN', 'zh-TW', 'zh-HK', 'en'])('finds every entity of the news text when canonicalizing to %s', (tag) => {
    const found = new Set(canonicalize(store.glossary, text, { target: target(tag) }).mentions.map((m) => m.entityId));
    expect(REQUIRED[seed]!.filter((id) => !found.has(id))).toEqual([]);
  });

  it.each(['zh-CN', 'zh-TW', 'zh-HK'])('leaves no other region’s form in the %s output', (tag) => {
    const out = canonicalize(store.glossary, text, { target: target(tag) }).text;
    let checked = out;
    for (const name of FALLBACK_NAMES[tag] ?? []) checked = checked.replaceAll(name, '');
    for (const word of FORBIDDEN[tag]!) expect(checked, `${word} in ${tag} output`).not.toContain(word);
    // Scanned again, every Chinese-script mention is already the target's own form
    // (Latin glosses stay as written by design).
    const again = canonicalize(store.glossary, out, { target: target(tag) });
    const stale = again.mentions.filter((m) => !isLatinName(m.surface) && m.replacement !== '' && m.surface !== m.replacement);
    expect(stale.map((m) => `${m.surface} -> ${m.replacement}`)).toEqual([]);
  });
});

describe('the glossary itself', () => {
  it('builds with zero conflicts', () => {
    expect(() => compileGlossary(join(ROOT, 'glossary'))).not.toThrow();
  });

  it('has well over 150 entities', () => {
    expect(store.glossary.entries.size).toBeGreaterThan(150);
  });

  it('lists each seed file among the sources of every entity the seed names', () => {
    const missing: string[] = [];
    for (const file of seedFiles()) {
      const name = basename(file);
      for (const id of REQUIRED[name.slice(0, 3)]!) {
        if (!store.glossary.entries.get(id)?.sources.includes(name)) missing.push(`${id} lacks ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('exports CSV that Python’s csv module reads, every region filled or explained', async () => {
    const csv = await (await store.app.request('/v1/export?format=csv&bom=true')).text();
    const path = join(tempDir(), 'glossary.csv');
    writeFileSync(path, csv);
    const script = [
      'import csv, json, sys',
      'rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))',
      'regions = ["zh-CN", "zh-TW", "zh-HK", "en"]',
      'unexplained = [r["id"] for r in rows if any(not r[k] for k in regions) and not r["note"]]',
      'print(json.dumps({"rows": len(rows), "columns": sorted({len(r) for r in rows}), "unexplained": unexplained}))',
    ].join('\n');
    const report = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
    expect(report).toEqual({ rows: store.glossary.entries.size, columns: [CSV_COLUMNS.length], unexplained: [] });
  });
});
