/** A problem in a glossary file, rendered once at the edge as `file:line: message`. */
export class GlossaryError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly message: string,
    /** The other entity a conflict is with, when there is one. */
    readonly conflictsWith?: string,
  ) {}

  toString(): string {
    return `${this.file}:${this.line}: ${this.message}`;
  }
}

/** How many errors a report lists; past that a person fixes the cause, not each line. */
export const SHOWN_ERRORS = 100;

/**
 * The first `limit` errors, one per line, then a line counting the rest.
 * errorLines(errors150, 100) -> [...100 lines, '... and 50 more errors']
 */
export function errorLines(errors: readonly GlossaryError[], limit = SHOWN_ERRORS): string[] {
  const lines = errors.slice(0, limit).map(String);
  const more = errors.length - lines.length;
  if (more > 0) lines.push(`... and ${more} more error${more === 1 ? '' : 's'}`);
  return lines;
}

/** Thrown by the build when the glossary has errors; carries every one of them (its message lists the first SHOWN_ERRORS). */
export class GlossaryInvalid extends Error {
  constructor(readonly errors: readonly GlossaryError[]) {
    super(errorLines(errors).join('\n'));
    this.name = 'GlossaryInvalid';
  }
}
