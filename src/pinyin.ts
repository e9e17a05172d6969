import { createRequire } from 'node:module';
import type * as PinyinModule from 'pinyin-pro';

let loaded: typeof PinyinModule | undefined;

/**
 * pinyin-pro's pinyin(), loaded on first use rather than imported: its dictionary is
 * a megabyte of JavaScript that lookup and canonicalize (except romanizing to English)
 * never need, and that every process would parse at start if it were imported.
 */
export const pinyin: typeof PinyinModule.pinyin = ((text: string, options?: object) => {
  loaded ??= createRequire(import.meta.url)('pinyin-pro') as typeof PinyinModule;
  return loaded.pinyin(text, options as never);
}) as typeof PinyinModule.pinyin;
