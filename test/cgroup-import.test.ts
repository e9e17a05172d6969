import { describe, expect, it } from 'vitest';
import { foldText } from '../src/fold.ts';
import { importCGroups, type CGroup, type GroupKindInfo, type ImportedEntry } from '../src/glossary/mediawiki/cgroup-import.ts';
import { importedYaml } from '../src/glossary/mediawiki/imported-yaml.ts';

const KINDS: Record<string, GroupKindInfo> = {
  Electronics: { kind: 'entities', entity: 'org', news: true, why: 'companies' },
  IT: { kind: 'terms', news: true, why: 'computing words' },
  PresidentsUS: { kind: 'entities', entity: 'person', news: true, why: 'presidents' },
  Snooker: { kind: 'entities', entity: 'person', news: false, why: 'players' },
  People: { kind: 'name-parts', news: false, why: 'surnames' },
  Movie: { kind: 'works', news: false, why: 'films' },
};

function group(name: string, rules: [original: string, conv: string][], description = ''): CGroup {
  return { name, description, path: `Module:CGroup/${name}`, rules: rules.map(([original, conv]) => ({ original, conv })) };
}

function entries(groups: CGroup[], curated?: Map<string, string>): ImportedEntry[] {
  const { byGroup } = importCGroups(groups, { kinds: KINDS, ...(curated ? { curated: { entityOf: curated, ids: new Set(curated.values()) } } : {}) });
  return [...byGroup.values()].flat();
}

describe('importing conversion groups', () => {
  it('gives every region its form by MediaWiki\'s fallbacks', () => {
    const [e] = entries([group('Electronics', [['Foxconn Technology', 'zh-hans:富士康; zh-hant:鴻海;']])]);
    expect(e!.names).toEqual({ 'zh-CN': '富士康', 'zh-TW': '鴻海', 'zh-HK': '鴻海', 'zh-SG': '富士康', 'zh-MY': '富士康', 'zh-MO': '鴻海', en: 'Foxconn Technology' });
    expect(e!.kind).toBe('org');
    expect(e!.topics).toBeUndefined();
    expect(e!.sources).toEqual(['Module:CGroup/Electronics rule 1 (Foxconn Technology)']);
  });

  it('keeps a region\'s own form over the fallback, and lists the other forms as aliases', () => {
    const [e] = entries([group('Electronics', [['NVIDIA', 'zh-cn:英伟达; zh-tw:輝達; zh-hk:NVIDIA; zh-hant:輝達;']])]);
    expect(e!.names).toMatchObject({ 'zh-CN': '英伟达', 'zh-TW': '輝達', 'zh-HK': 'NVIDIA', 'zh-MO': '輝達' });
    expect(e!.aliases).toEqual([]);
    const [f] = entries([group('Electronics', [['Huawei', 'zh:華為; zh-cn:华为; zh-tw:華為;']])]);
    expect(f!.names['zh-CN']).toBe('华为');
    expect(f!.aliases).toEqual([]); // 華為 is zh-TW's name already
  });

  it('makes one entry of one concept in several groups; an entity group makes it apply everywhere', () => {
    const result = importCGroups(
      [group('IT', [['NVIDIA', 'zh-cn:英伟达; zh-tw:輝達;']]), group('Electronics', [['NVIDIA', 'zh-cn:英伟达; zh-tw:輝達; zh-hk:輝達;']])],
      { kinds: KINDS },
    );
    const all = [...result.byGroup.values()].flat();
    expect(all).toHaveLength(1);
    expect(all[0]!.kind).toBe('org');
    expect(all[0]!.topics).toBeUndefined();
    // Groups are read in name order: Electronics first, so the entry lives in its file.
    expect([...result.byGroup.keys()]).toEqual(['Electronics']);
    expect(all[0]!.sources).toEqual(['Module:CGroup/Electronics rule 1 (NVIDIA)', 'Module:CGroup/IT rule 1 (NVIDIA)']);
    expect(result.summary.merged).toBe(1);
  });

  it('scopes terms and works to their topic', () => {
    const [term] = entries([group('IT', [['Web server', 'zh-cn:网页服务器; zh-tw:網頁伺服器;']])]);
    expect(term!.kind).toBe('term');
    expect(term!.topics).toEqual(['IT']);
    expect(term!.names.en).toBeUndefined(); // a topic term's label is no English name of it
    const [work] = entries([group('Movie', [['Toy Story', 'zh-cn:玩具总动员; zh-tw:玩具總動員; zh-hk:反斗奇兵;']])]);
    expect(work!.kind).toBe('work');
    expect(work!.topics).toEqual(['Movie']);
    expect(work!.names).toMatchObject({ 'zh-HK': '反斗奇兵', en: 'Toy Story' });
  });

  it('reads a unidirectional rule as forms found and forms only written', () => {
    const [e] = entries([group('IT', [['access', '存取=>zh-cn:访问; 存取=>zh-tw:存取;']])]);
    expect(e!.names).toMatchObject({ 'zh-CN': '访问', 'zh-TW': '存取' });
    // 访问 is what mainland text is given, never what is looked for: a state visit stays a visit.
    expect(e!.outputOnly).toEqual(['访问']);
    const [f] = entries([group('Electronics', [['Styria', 'zh-cn:施蒂里亚; zh-tw:史泰利亞; 施泰尔马克=>zh-cn:施蒂里亚;']])]);
    expect(f!.aliases).toEqual(['施泰尔马克']);
    expect(f!.outputOnly).toEqual([]);
  });

  it('declares a form two entries share ambiguous in both, with their topics\' words as context', () => {
    const all = entries([
      group('PresidentsUS', [['Donald Trump', 'zh-cn:特朗普; zh-tw:川普; zh-hk:特朗普;']], '-{zh-cn:美国总统; zh-tw:美國總統;}-'),
      group('Snooker', [['Judd Trump', 'zh-cn:特鲁姆普; zh-tw:川普;']], '-{zh-cn:斯诺克; zh-tw:撞球;}-'),
    ]);
    expect(all.map((e) => e.id)).toEqual(['wp-donald-trump', 'wp-judd-trump']);
    // A word in two scripts is one context word (matching folds the script).
    expect(all[0]!.ambiguous).toEqual([{ name: '川普', context: ['美国总统', 'PresidentsUS'] }]);
    expect(all[1]!.ambiguous).toEqual([{ name: '川普', context: ['斯诺克', '撞球', 'Snooker'] }]);
  });

  it('takes the other names of an ambiguous entry\'s group as context: a text on snooker names other players', () => {
    const all = entries([
      group('PresidentsUS', [['Donald Trump', 'zh-cn:特朗普; zh-tw:川普;'], ['Joe Biden', 'zh-cn:乔·拜登; zh-tw:喬·拜登;']]),
      group('Snooker', [['Judd Trump', 'zh-cn:特鲁姆普; zh-tw:川普;'], ['Ding Junhui', 'zh-cn:丁俊晖; zh-tw:丁俊暉;']]),
    ]);
    expect(all.find((e) => e.id === 'wp-judd-trump')!.ambiguous).toEqual([{ name: '川普', context: ['Snooker', '丁俊晖'] }]);
    expect(all.find((e) => e.id === 'wp-donald-trump')!.ambiguous).toEqual([{ name: '川普', context: ['PresidentsUS', '乔·拜登'] }]);
  });

  it('leaves a concept the curated glossary names to it, and drops forms a curated entity has', () => {
    const curated = new Map([
      [foldText('英伟达'), 'nvidia'],
      [foldText('輝達'), 'nvidia'],
      [foldText('川普'), 'donald-trump'],
    ]);
    const result = importCGroups(
      [group('Electronics', [['NVIDIA', 'zh-cn:英伟达; zh-tw:輝達;']]), group('Snooker', [['Judd Trump', 'zh-cn:特鲁姆普; zh-tw:川普;']])],
      { kinds: KINDS, curated: { entityOf: curated, ids: new Set(['nvidia', 'donald-trump']) } },
    );
    const all = [...result.byGroup.values()].flat();
    expect(all).toHaveLength(1);
    expect(all[0]!.names).toEqual({ 'zh-CN': '特鲁姆普', 'zh-SG': '特鲁姆普', 'zh-MY': '特鲁姆普', en: 'Judd Trump' });
    expect(result.summary.mergedIntoCurated).toBe(1);
    expect(result.summary.formsCurated).toBe(1); // 川普 (zh-TW's, zh-HK's and zh-MO's form)
  });

  it('skips name parts and what is no rule, and counts each reason', () => {
    const { summary, byGroup } = importCGroups(
      [group('People', [['Abbott', 'zh-cn:阿博特; zh-tw:艾伯特;']]), group('IT', [['x', '-0 使用者'], ['y', 'zh-xx:甲;'], ['z', 'zh-cn:甲乙;'], ['meter', 'zh-cn:米; zh-tw:公尺;']])],
      { kinds: KINDS },
    );
    // 米 is rice and a metre: the entry keeps Taiwan's 公尺 and is never found as 米.
    const kept = [...byGroup.values()].flat();
    expect(kept.map((e) => e.names)).toEqual([{ 'zh-CN': '甲乙', 'zh-SG': '甲乙', 'zh-MY': '甲乙' }, { 'zh-TW': '公尺', 'zh-HK': '公尺', 'zh-MO': '公尺' }]);
    expect(Object.fromEntries(summary.skipped)).toEqual({
      'a transliteration part of foreign names (a name-parts group), not a name of its own': 1,
      'not a conversion rule: names no variant (a rule is zh-xx:form or from=>zh-xx:form)': 1,
      'not a conversion rule: unknown variant': 1,
    });
    expect(summary.rules).toBe(5);
    const { summary: single } = importCGroups([group('IT', [['rice', 'zh-cn:米; zh-tw:米;']])], { kinds: KINDS });
    expect(Object.fromEntries(single.skipped)).toEqual({ 'its only forms are one Han character each: ordinary words, not names': 1 });
  });

  it('makes one entry of rules without zh-CN and zh-TW forms only when all their forms agree', () => {
    const all = entries([group('IT', [['a', '甲乙=>zh-hk:阿尔法;'], ['b', '丙丁=>zh-hk:伽马德;'], ['c', '戊己=>zh-hk:西格马;'], ['d', '甲乙=>zh-hk:阿尔法;']])]);
    expect(all.map((e) => e.sources.length)).toEqual([2, 1, 1]);
  });

  it('neither looks for nor makes ambiguous a form a rule only writes', () => {
    const all = entries([group('IT', [['a', 'zh-cn:甲甲甲; 甲甲甲=>zh-tw:丙丙丙;'], ['b', 'zh-cn:丁丁丁; zh-tw:丙丙丙;']])]);
    expect(all.map((e) => e.ambiguous)).toEqual([[], []]);
  });

  it('gives an entry whose label another has an id from where it comes from, the same with other groups or without', () => {
    const a = group('Electronics', [['Sharp', 'zh-cn:夏普公司; zh-tw:夏普公司;'], ['Sharp', 'zh-cn:锐利的; zh-tw:銳利的;']]);
    const alone = entries([a]).map((e) => e.id);
    expect(alone[0]).toBe('wp-sharp');
    expect(alone[1]).toMatch(/^wp-sharp-[0-9a-f]{6}$/);
    const withOther = entries([a, group('IT', [['Sharp', 'zh-cn:尖锐号; zh-tw:升記號;']])]).map((e) => e.id);
    expect(withOther.slice(0, 2)).toEqual(alone);
  });

  it('takes no one-word label as an English name: March, Vance, Barack are words or parts of names', () => {
    const [e] = entries([group('PresidentsUS', [['Vance', 'zh-cn:万斯; zh-tw:范斯;']])]);
    expect(e!.names.en).toBeUndefined();
  });

  it('keeps an entry of names to its topic when a name is also an ordinary word', () => {
    const ordinary = new Set(['合作', '机构']);
    const { byGroup, summary } = importCGroups(
      [group('Electronics', [['Cooperation', 'zh-cn:合作; zh-tw:合作;'], ['Hon Hai', 'zh-cn:鸿海精密; zh-tw:鴻海精密;']])],
      { kinds: KINDS, isOrdinaryWord: (form) => ordinary.has(form) },
    );
    const [word, name] = byGroup.get('Electronics')!;
    expect(word!.topics).toEqual(['Electronics']);
    expect(name!.topics).toBeUndefined();
    expect(summary.keptToTopic).toBe(1);
  });

  it('takes a group it does not know as topic terms, never applied everywhere', () => {
    const [e] = entries([group('SomeNewGroup', [['Thing', 'zh-cn:东西; zh-tw:東東;']])]);
    expect(e!.topics).toEqual(['SomeNewGroup']);
    expect(e!.kind).toBe('term');
  });

  it('makes ids from the label or the pinyin, unique and the same every time', () => {
    const groups = [group('Electronics', [['Sharp', 'zh-cn:夏普; zh-tw:夏普;'], ['Sharp', 'zh-cn:锐利; zh-tw:銳利;'], ['鸿海', 'zh-cn:鸿海精密; zh-tw:鴻海精密;']])];
    const ids = entries(groups).map((e) => e.id);
    expect(ids[0]).toBe('wp-sharp');
    expect(ids[1]).toMatch(/^wp-sharp-[0-9a-f]{6}$/);
    expect(ids[2]).toBe('wp-hong-hai-jing-mi');
    expect(entries(groups).map((e) => e.id)).toEqual(ids);
    // An id the curated glossary uses is not taken.
    expect(entries(groups, new Map([['x', 'wp-sharp']])).map((e) => e.id)[0]).toMatch(/^wp-sharp-[0-9a-f]{6}$/);
  });

  it('writes a group\'s entries as a glossary file, with the licence and provenance', () => {
    const groups = [
      group('IT', [['access', '存取=>zh-cn:访问; 存取=>zh-tw:存取;']]),
      group('PresidentsUS', [['Donald Trump', 'zh-cn:特朗普; zh-tw:川普; zh-hk:特朗普;']], '-{zh-cn:美国总统;}-'),
      group('Snooker', [['Judd Trump', 'zh-cn:特鲁姆普; zh-tw:川普;']], '-{zh-cn:斯诺克;}-'),
    ];
    const { byGroup } = importCGroups(groups, { kinds: KINDS });
    expect(importedYaml(groups[0]!, byGroup.get('IT')!)).toBe(
      [
        '# Imported from Chinese Wikipedia by `glossary import mediawiki-cgroup`',
        '# from Module:CGroup/IT. Text of Chinese Wikipedia, CC BY-SA 4.0: keep this notice with',
        '# any data made from this file. Do not edit: import again to update; an entry in a curated',
        '# file (glossary/*.yaml) naming the same concept wins over these.',
        '',
        '- id: wp-access',
        '  kind: term',
        '  names: { zh-CN: 访问, zh-TW: 存取 }',
        '  outputOnly: [ 访问 ]',
        '  topics: [ IT ]',
        '  sources:',
        '    - Module:CGroup/IT rule 1 (access)',
        '  licence: CC BY-SA 4.0 (text of Chinese Wikipedia)',
        '',
      ].join('\n'),
    );
    // A name YAML 1.1 readers would misread inside [ ] or { } is quoted.
    const [odd] = importCGroups([group('Movie', [['X', 'zh-cn:机器人学校的七大怪事; zh-hk:機械人學校七大奇異事件!?;']])], { kinds: KINDS }).byGroup.get('Movie')!;
    expect(importedYaml({ name: 'Movie', path: '' }, [odd!])).toContain('zh-HK: "機械人學校七大奇異事件!?"');
    expect(importedYaml(groups[2]!, byGroup.get('Snooker')!)).toContain(
      ['  ambiguous:', '    - name: 川普', '      context: [ 斯诺克, Snooker ]', '  sources:'].join('\n'),
    );
  });
});

