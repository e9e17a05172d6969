import type { MiddlewareHandler } from 'hono';
import type { ServiceStore } from '../service/service-store.ts';
import { activeTokenCount, tokenOwner } from '../service/tokens.ts';

export type WriterEnv = { Variables: { actor: string } };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes need `Authorization: Bearer <token>` with a token made by `glossary token
 * create NAME` and not revoked; the token's name is the actor in the history. With
 * no token at all the service is read-only, and says so. Reads pass through.
 */
export function requireWriter(service: ServiceStore | undefined): MiddlewareHandler<WriterEnv> {
  return async (c, next) => {
    if (READ_METHODS.has(c.req.method)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      if (!service || (await activeTokenCount(service)) === 0) {
        return c.json({ error: 'the service is read-only: no write token exists; create one with `glossary token create NAME` and send it as Authorization: Bearer <token>' }, 403);
      }
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'this write needs a token: send Authorization: Bearer <token> (tokens come from `glossary token create NAME`)' }, 401);
    }
    const actor = service ? await tokenOwner(service, match[1]!) : undefined;
    if (!actor) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json({ error: 'the token is not valid: it was revoked or mistyped' }, 401);
    }
    c.set('actor', actor);
    return next();
  };
}
