import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { JsonBodyRead } from './http/app.ts';

/**
 * Under @hono/node-server, read a JSON body straight from Node's request stream into
 * Hono's body cache, where c.req.json() looks first, and report whether it did. Reading
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
  // Hono's c.req.json() parses the cached text (and answers malformed JSON with a 400).
  // Cached under any other key, the body would be serialized again and read back
  // through a web Response on every request.
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
  return 'read';
}
