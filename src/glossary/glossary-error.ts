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

/** Thrown by the build when the glossary has errors; carries every one of them. */
export class GlossaryInvalid extends Error {
  constructor(readonly errors: readonly GlossaryError[]) {
    super(errors.map(String).join('\n'));
    this.name = 'GlossaryInvalid';
  }
}
