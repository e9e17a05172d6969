import type { Context } from 'hono';

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** Turn schema issues into one message a caller can act on: 'to: unknown target xx (use one of ...)'. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field ${issue.keys.join(', ')}`;
      const where = issue.path.map(String).join('.');
      return where && !issue.message.startsWith(where) ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** The defaultHook of every OpenAPIHono: a failed validation is a 400 with the reason. */
export function validationHook(result: { success: boolean; error?: { issues: readonly Issue[] } }, c: Context) {
  if (!result.success) return c.json({ error: describeIssues(result.error?.issues ?? []) }, 400);
  return undefined;
}
