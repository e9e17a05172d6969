import { describe, expect, it } from 'vitest';
import { bidirectionalForm, parseConversionRule, variantOf, VARIANTS, type ConversionRule } from '../src/glossary/mediawiki/conversion-rule.ts';

function rule(conv: string): ConversionRule {
  const parsed = parseConversionRule(conv);
  if (!parsed.ok) throw new Error(`expected a rule from ${conv}: ${parsed.reason}`);
  return parsed.rule;
}

const bid = (r: ConversionRule) => Object.fromEntries(r.bidirectional);
const unid = (r: ConversionRule) => Object.fromEntries([...r.unidirectional].map(([v, m]) => [v, Object.fromEntries(m)]));

describe('MediaWiki conversion rules', () => {
  it('reads a bidirectional rule, with or without spaces and a final semicolon', () => {
    expect(bid(rule('zh-cn:英伟达; zh-tw:輝達;'))).toEqual({ 'zh-cn': '英伟达', 'zh-tw': '輝達' });
    expect(bid(rule('zh-cn:英伟达;zh-tw:輝達'))).toEqual({ 'zh-cn': '英伟达', 'zh-tw': '輝達' });
    expect(bid(rule('  zh-cn : 英伟达 ;  zh-tw :輝達 ;  '))).toEqual({ 'zh-cn': '英伟达', 'zh-tw': '輝達' });
  });

  it('reads unidirectional rules, several sources for one variant', () => {
    const r = rule('存取=>zh-cn:访问; 存取=>zh-tw:存取;');
    expect(bid(r)).toEqual({});
    expect(unid(r)).toEqual({ 'zh-cn': { 存取: '访问' }, 'zh-tw': { 存取: '存取' } });
    expect(unid(rule('卖方垄断=> zh-tw:獨占; 賣方壟斷 => zh-tw : 獨占;'))).toEqual({ 'zh-tw': { 卖方垄断: '獨占', 賣方壟斷: '獨占' } });
  });

  it('reads both kinds in one rule', () => {
    const r = rule('zh-cn:施蒂里亚; zh-tw:史泰利亞; 施蒂里亞=>zh-cn:施蒂里亚;');
    expect(bid(r)).toEqual({ 'zh-cn': '施蒂里亚', 'zh-tw': '史泰利亞' });
    expect(unid(r)).toEqual({ 'zh-cn': { 施蒂里亞: '施蒂里亚' } });
  });

  it('splits only where a variant follows: a semicolon inside a form stays in it', () => {
    expect(bid(rule('zh-cn:甲;乙; zh-tw:丙'))).toEqual({ 'zh-cn': '甲;乙', 'zh-tw': '丙' });
    // An HTML entity's semicolon is no separator either, and the entity is decoded.
    expect(bid(rule('zh-cn:A&amp;B; zh-tw:C'))).toEqual({ 'zh-cn': 'A&B', 'zh-tw': 'C' });
    // An entity at a form's end keeps its semicolon: it is no stray one.
    const ellipsis = rule('zh-cn:等等&hellip;; zh-tw:等等&hellip;;');
    expect(bid(ellipsis)).toEqual({ 'zh-cn': '等等…', 'zh-tw': '等等…' });
    expect(ellipsis.repairs).toEqual([]);
    // A colon inside a form is part of it (only the first one ends the variant).
    expect(bid(rule('zh-hk:One Direction: This Is Us;zh-cn:单向组合'))).toEqual({ 'zh-hk': 'One Direction: This Is Us', 'zh-cn': '单向组合' });
  });

  it('takes every variant code, in any case or as BCP 47', () => {
    const all = rule(VARIANTS.map((v, i) => `${v}:形${i}`).join(';'));
    expect([...all.bidirectional.keys()]).toEqual([...VARIANTS]);
    expect(bid(rule('ZH-TW:輝達; zh-Hans-CN:英伟达; zh-hant-hk:輝達'))).toEqual({ 'zh-tw': '輝達', 'zh-cn': '英伟达', 'zh-hk': '輝達' });
    expect(variantOf('zh-Hant-MO')).toBe('zh-mo');
    expect(variantOf('zh-xx')).toBeUndefined();
  });

  it('passes by stray semicolons and text before the first variant, as MediaWiki does', () => {
    const r = rule(';; zh-cn:吕利;zh-tw:盧利;;zh-hk:雷利;;');
    expect(bid(r)).toEqual({ 'zh-cn': '吕利', 'zh-tw': '盧利', 'zh-hk': '雷利' });
    expect(r.repairs).toContain('stray semicolon dropped');
    expect(bid(rule('说明; zh-cn:甲'))).toEqual({ 'zh-cn': '甲' });
    // Without the semicolon, the text is read as a variant code, and refused.
    expect(parseConversionRule('说明 zh-cn:甲').ok).toBe(false);
  });

  it('reads a full-width semicolon before a variant as a separator, and says so', () => {
    const r = rule('zh-hans:卡洛斯·贝拉;zh-hk:卡路士·韋拉；zh-hant:卡洛斯·韋拉;');
    expect(bid(r)).toEqual({ 'zh-hans': '卡洛斯·贝拉', 'zh-hk': '卡路士·韋拉', 'zh-hant': '卡洛斯·韋拉' });
    expect(r.repairs).toEqual(['full-width semicolon read as a separator']);
  });

  it('ends the rule where other markup begins and drops nowiki tags', () => {
    expect(bid(rule('zh-cn:24小时;zh-hk:24;}--{-|24}--{-|24小时'))).toEqual({ 'zh-cn': '24小时', 'zh-hk': '24' });
    expect(bid(rule('zh-cn:英拉;zh-tw:盈拉;|display={{{display|no'))).toEqual({ 'zh-cn': '英拉', 'zh-tw': '盈拉' });
    expect(bid(rule('zh-tw:耳機<nowiki>=</nowiki>插孔; zh-hk:耳機插頭;'))).toEqual({ 'zh-tw': '耳機=插孔', 'zh-hk': '耳機插頭' });
    expect(unid(rule('加特林⇒zh-tw:格林;'))).toEqual({ 'zh-tw': { 加特林: '格林' } });
  });

  it('refuses what MediaWiki refuses, with the reason', () => {
    expect(parseConversionRule('zh-:費奧多爾;zh-cn:费奥多尔;')).toEqual({ ok: false, reason: 'unknown variant "zh-"' });
    // One bad variant spoils the whole rule, the good parts included.
    expect(parseConversionRule('來生預習曲=>zh-cn:彼岸;预备新生>zh-cn:彼岸;').ok).toBe(false);
    expect(parseConversionRule('-0 使用者')).toEqual({ ok: false, reason: 'names no variant (a rule is zh-xx:form or from=>zh-xx:form)' });
    expect(parseConversionRule('適應酵素=>适应酶').ok).toBe(false);
    expect(parseConversionRule('zh-cn:;zh-tw:').ok).toBe(false);
    expect(parseConversionRule('zh-hant:精靈=>zh-cn:妖精')).toEqual({ ok: false, reason: 'a form holds wiki markup or a misplaced rule: "精靈=>zh-cn:妖精"' });
  });

  it('gives a variant the rule does not list its fallback, in MediaWiki\'s order', () => {
    const tw = rule('zh-cn:英伟达; zh-tw:輝達;');
    expect(bidirectionalForm(tw, 'zh-hk')).toBe('輝達'); // zh-hk -> zh-hant -> zh-mo -> zh-tw
    expect(bidirectionalForm(tw, 'zh-mo')).toBe('輝達');
    expect(bidirectionalForm(tw, 'zh-sg')).toBe('英伟达'); // zh-sg -> zh-hans -> zh-cn
    expect(bidirectionalForm(tw, 'zh-my')).toBe('英伟达');
    expect(bidirectionalForm(tw, 'zh-hans')).toBe('英伟达');
    expect(bidirectionalForm(tw, 'zh-hant')).toBe('輝達');
    // zh-hant comes before zh-tw for zh-hk; zh-mo before zh-tw too.
    expect(bidirectionalForm(rule('zh-tw:台; zh-hant:繁; zh-cn:简'), 'zh-hk')).toBe('繁');
    expect(bidirectionalForm(rule('zh-tw:台; zh-mo:澳; zh-cn:简'), 'zh-hk')).toBe('澳');
    // zh-my takes zh-sg's before zh-cn's; zh-sg takes zh-cn's before zh-my's.
    expect(bidirectionalForm(rule('zh-cn:陆; zh-sg:新'), 'zh-my')).toBe('新');
    expect(bidirectionalForm(rule('zh-cn:陆; zh-my:马'), 'zh-sg')).toBe('陆');
    // A rule with traditional forms only gives a simplified variant nothing of its own to fall back on.
    expect(bidirectionalForm(rule('zh-tw:輝達'), 'zh-cn')).toBeUndefined();
    expect(bidirectionalForm(rule('zh:通用'), 'zh-cn')).toBeUndefined();
  });
});
