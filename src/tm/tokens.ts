import { foldTable } from '../fold.ts';
import type { GlossarySnapshot } from '../snapshot.ts';

/** Tokens at or above this are entities (ENTITY_TOKEN + entity index); below, folded UTF-16 units. */
export const ENTITY_TOKEN = 0x10000;

/**
 * A segment as the translation memory compares it: folded characters, with every
 * glossary mention one token for its entity. Script, width, case and which of an
 * entity's names a text uses all disappear, so 輝達發布H200晶片 and 英伟达发布H200芯片
 * come out the same. spans[i] is token i's [start, end) in the text (UTF-16).
 */
export interface SegmentTokens {
  readonly tokens: Int32Array;
  readonly spans: Int32Array;
  /** For each entity token, the entity id; undefined for character tokens. */
  readonly entities: readonly (string | undefined)[];
}

export function segmentTokens(glossary: GlossarySnapshot, text: string): SegmentTokens {
  const fold = foldTable();
  const hits = glossary.matcher.findNames(text);
  const tokens: number[] = [];
  const spans: number[] = [];
  const entities: (string | undefined)[] = [];
  let at = 0;
  const chars = (to: number): void => {
    for (; at < to; at++) {
      const unit = fold[text.charCodeAt(at)]!;
      if (unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d) continue; // spacing differs freely
      tokens.push(unit);
      spans.push(at, at + 1);
      entities.push(undefined);
    }
  };
  for (let i = 0; i < hits.length; i++) {
    // An ambiguous key stands for its first entity: the token only has to be the same each time.
    const candidate = glossary.matcher.candidates(hits.keys[i]!)[0]!;
    chars(hits.starts[i]!);
    tokens.push(ENTITY_TOKEN + candidate.entityIndex);
    spans.push(hits.starts[i]!, hits.ends[i]!);
    entities.push(candidate.entityId);
    at = hits.ends[i]!;
  }
  chars(text.length);
  return { tokens: Int32Array.from(tokens), spans: Int32Array.from(spans), entities };
}

/** The language family a TM compares within: every zh-* is one, else the primary subtag. */
export function languageFamily(lang: string): string {
  return lang.split('-')[0]!.toLowerCase();
}
