/** A failure the user can fix (a path, a file): printed as one line, without a stack. */
export class CliError extends Error {}
