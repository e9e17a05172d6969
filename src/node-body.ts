import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Context } from 'hono';
import type { BodyRead } from './http/app.ts';

/** Bytes of request bodies held at once across every request in flight, up to a limit. */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Hold n more bytes if they fit; false when they would pass the limit. */
  take(n: number): boolean {
    if (this.held + n > this.limit) return false;
    this.held += n;
    return true;
  }

  release(n: number): void {
    this.held -= n;
  }

  get inUse(): number {
    return this.held;
  }
}

/**
 * Under @hono/node-server, a reader of request bodies straight from Node's request
 * stream into Hono's body cache, where c.req.json() and c.req.text() look first.
 * Reading through request.body makes the adapter build a full web Request and stream
 * the body through it, which costs more than canonicalizing a 2 KB article.
 *
 * What a body may hold is bounded three ways: its size (maxBytes, checked as chunks
 * arrive), the bytes of all bodies at once (the budget, held until the answer is sent,
 * since the request keeps its text while it is worked on; see UNCOUNTED_BYTES), and
 * time (the body must be in within timeoutMs of its headers, or the request is
 * answered 408 and its buffer dropped). Node-specific, so it lives beside server.ts
 * and reaches the app as AppDeps.readBody; without a Node request it leaves the body
 * alone.
 */
export function nodeBodyReader(options: { readonly budget: BodyBudget; readonly timeoutMs: number }) {
  const { budget, timeoutMs } = options;
  return async (c: Context, maxBytes: number): Promise<BodyRead> => {
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    const incoming = env?.incoming;
    if (!incoming || !env.outgoing || incoming.readableEnded) return { kind: 'not-handled' };
    const declared = c.req.header('content-length');
    if (Number(declared ?? 0) > maxBytes) return { kind: 'too-large' };
    // A body of declared length is admitted whole or not at all, before a byte is read:
    // refused bodies then cost nothing, where reading each one up to the point of
    // refusal had a thousand slow clients churn gigabytes of strings through the heap.
    const upfront = declared === undefined ? 0 : counted(Number(declared));
    if (!budget.take(upfront)) return { kind: 'over-budget' };
    // Held until the answer is out or the connection is gone (which may come first),
    // then given back; finished() also calls back for an answer already over.
    const held = { bytes: upfront };
    finished(env.outgoing, () => {
      budget.release(held.bytes);
      held.bytes = 0;
    });
    const read = await readWithin(incoming, maxBytes, declared === undefined ? budget : undefined, timeoutMs, held);
    if (read.kind !== 'read') {
      // Nothing more of this body is wanted: stop reading and let the socket go.
      incoming.pause();
      return read.kind === 'aborted' ? { kind: 'aborted', received: read.received } : { kind: read.kind };
    }
    // Hono's c.req.json() parses the cached text (and answers malformed JSON with a 400).
    // Cached under any other key, the body would be serialized again and read back
    // through a web Response on every request.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(read.text);
    return { kind: 'read' };
  };
}

/**
 * The first bytes of every body are not counted against the budget: an article is
 * always read, however many large bodies hold the budget. What they can hold in all is
 * bounded by the connection cap instead (2,000 x 32 KB = 64 MB at the defaults).
 */
const UNCOUNTED_BYTES = 32 * 1024;

/** What a body of this many bytes takes from the budget. */
function counted(bytes: number): number {
  return Math.max(0, bytes - UNCOUNTED_BYTES);
}

type Received =
  | { readonly kind: 'read'; readonly text: string }
  | { readonly kind: 'too-large' | 'over-budget' | 'timed-out' }
  | { readonly kind: 'aborted'; readonly received: number };

/** Read the body; a body of unknown length (chunked) takes from the budget as it comes, into held.bytes. */
function readWithin(incoming: IncomingMessage, maxBytes: number, budget: BodyBudget | undefined, timeoutMs: number, held: { bytes: number }): Promise<Received> {
  return new Promise((resolve) => {
    // Decoded as it arrives: decoding a 3 MB body at the end, at once, holds the loop ~20 ms.
    const decoder = new StringDecoder('utf8');
    let text = '';
    let size = 0;
    const finish = (result: Received) => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onAbort);
      incoming.off('close', onClose);
      text = '';
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > maxBytes) return finish({ kind: 'too-large' });
      if (budget) {
        const more = counted(size + chunk.length) - counted(size);
        if (!budget.take(more)) return finish({ kind: 'over-budget' });
        held.bytes += more;
      }
      size += chunk.length;
      text += decoder.write(chunk);
    };
    const onEnd = () => finish({ kind: 'read', text: text + decoder.end() });
    const onAbort = () => finish({ kind: 'aborted', received: size });
    // 'close' before 'end': the client went away mid-body (Node emits 'aborted'/'error' too, not always first).
    const onClose = () => (incoming.readableEnded ? undefined : onAbort());
    // Node calls the app as soon as the headers are in (their own deadline is Node's headersTimeout).
    const timer = setTimeout(() => finish({ kind: 'timed-out' }), timeoutMs);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onAbort);
    incoming.on('close', onClose);
  });
}
