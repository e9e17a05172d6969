import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { JsonBodyRead } from './http/app.ts';

/**
 * Under @hono/node-server, read a JSON body straight from Node's request stream into
 * Hono's body cache, where validators look first, and report whether it did. Reading
 * through request.body makes the adapter build a full web Request and stream the body
 * through it, which costs more than canonicalizing a 2 KB article. The size limit is
 * checked as chunks arrive. Node-specific, so it lives beside server.ts and reaches
 * the app as AppDeps.readJsonBody; without a Node request it leaves the body alone.
 */
export async function readNodeJsonBody(c: Context, maxBytes: number): Promise<JsonBodyRead> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded || !(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) return 'not-handled';
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return 'too-large';
    chunks.push(chunk);
  }
  const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
  (c.req.bodyCache as { json?: Promise<unknown> }).json = Promise.resolve(parsed);
  return 'read';
}
