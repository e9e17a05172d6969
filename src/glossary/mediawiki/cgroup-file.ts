import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CGroup } from './cgroup-import.ts';

const cgroupSchema = z.object({
  name: z.string({ error: 'name must be a text' }).trim().min(1, { error: 'name is empty' }),
  description: z.string({ error: 'description must be a text' }).default(''),
  path: z.string({ error: 'path must be a text' }).default(''),
  rules: z.array(
    z.object({
      // Real pages have rules without a label (null in the extraction).
      original: z.string({ error: 'original must be a text' }).nullish().transform((o) => o ?? ''),
      conv: z.string({ error: 'conv must be a text' }),
    }),
    { error: 'rules must be a list of { original, conv }' },
  ),
});

/** A conversion group file that cannot be read: the message says which and what is wrong. */
export class CGroupFileError extends Error {
  override readonly name = 'CGroupFileError';
}

/** Read one group file ({ name, description, path, rules: [{ original, conv }] }); throws CGroupFileError. */
export function readCGroupFile(path: string): CGroup {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof SyntaxError ? `not JSON (${error.message})` : String(error);
    throw new CGroupFileError(`${path}: ${why}`);
  }
  const parsed = cgroupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new CGroupFileError(`${path}: ${where}: ${issue.message} (a conversion group is { "name", "description", "path", "rules": [{ "original", "conv" }] })`);
  }
  return parsed.data;
}
