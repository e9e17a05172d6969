import { InvalidArgumentError } from 'commander';
import { parseActor } from '../service/actor.ts';

// Commander's parsers for the CLI's options and arguments: one rule per kind of value,
// so every command refuses the same things with the same words. A bad value is
// Commander's one-line error and exit code 2 (main.ts).

/**
 * A whole number from min to max, in plain digits: '1e1', '0x10', '5.0', '+5' and ''
 * are refused (Number() would take them all).
 *
 *   wholeNumber(1, 100)('20')    // 20
 *   wholeNumber(1, 100)('1e1')   // throws 'must be a whole number from 1 to 100'
 */
export function wholeNumber(min: number, max: number, what = `a whole number from ${min} to ${max}`): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be ${what}`);
    return n;
  };
}

/** A change's number (#42 in the history). */
export const changeNumber = wholeNumber(1, Number.MAX_SAFE_INTEGER, 'a change number, as `glossary entity history` shows it (#42: 42)');

/** A translation memory unit's id (#7 in `glossary tm search`). */
export const unitId = wholeNumber(1, Number.MAX_SAFE_INTEGER, 'a unit id (a whole number from 1)');

/** A TCP port to listen on; 0 lets the system choose one. */
export const portNumber = wholeNumber(0, 65535, 'a port number from 0 to 65535');

/**
 * A name recorded as the author of changes, by one rule (parseActor: 1 to 64 printable
 * characters, any script) for --actor and for a token's name, which is the actor of
 * every change made with the token; `label` says which in the message.
 *
 *   actorName('the actor')('王小明')   // '王小明'
 *   actorName('the actor')('a\tb')     // throws 'the actor contains the control or format character U+0009 at 1; ...'
 */
export function actorName(label: string): (value: string) => string {
  return (value: string): string => {
    const parsed = parseActor(value);
    if (!parsed.ok) throw new InvalidArgumentError(`${label} ${parsed.error}`);
    return parsed.actor;
  };
}
