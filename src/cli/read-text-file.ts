import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { decodeText, encodingName, NotText } from '../decode-text.ts';
import { CliError } from './cli-error.ts';

/**
 * A text file, or standard input for '-', decoded as decode-text.ts says: UTF-8, or
 * UTF-8/UTF-16 by its byte order mark, or the encoding given. Bytes that are not that
 * text are a CliError naming the file, what it looks like and what to pass:
 * readTextFile('gbk.txt') throws 'gbk.txt: not UTF-8 text (looks like GBK); convert it to UTF-8 or pass --encoding gbk'.
 */
export function readTextFile(path: string, encoding?: string): string {
  const name = path === '-' ? 'standard input' : path;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return decodeText(bytes, encoding);
  } catch (error) {
    if (error instanceof NotText) throw new CliError(`${name}: ${error.message}`);
    throw error;
  }
}

/** Commander's parser for --encoding: an encoding iconv-lite knows, in its canonical name. */
export function encodingOption(value: string): string {
  const name = encodingName(value);
  if (!name) throw new InvalidArgumentError('unknown encoding; use e.g. gbk, gb18030, big5, utf-16le, utf-16be, shift_jis');
  return name;
}
