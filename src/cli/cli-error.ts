/** Exit code of a command used wrongly (an option's value, a missing choice), as Commander's own errors. */
export const USAGE = 2;

/**
 * A failure the user can fix (a path, a file, an option): printed as one line, without
 * a stack, and the process exits with exitCode (1, or USAGE for a command used wrongly).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
