// Who reads: `Authorization: Bearer <token>` for every endpoint of the agency, not the public. The
// full REPORT_TOKEN reads everything; a scoped token (REPORT_SCOPES) only its own cut of the report,
// comments and exports.
import type { Context, Env } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { describeScope, type ReportScope } from './report-scope.js';
import { problem } from './response-routes.js';

/** The scope of the request's token, set by `readAuth`; none for the full token. */
export interface ReadEnv extends Env {
  Variables: { scope?: ReportScope };
}

export interface ReadTokens {
  full: string;
  scopes: readonly ReportScope[];
}

/**
 * Whether two secrets are equal, in a time that does not tell where they differ: their SHA-256
 * digests compared in full (Web Crypto, as everywhere the handler runs).
 */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map(text => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
  const left = new Uint8Array(x!);
  const right = new Uint8Array(y!);
  let differ = 0;
  for (let i = 0; i < left.length; i++) differ |= left[i]! ^ right[i]!;
  return differ === 0;
}

/** The scope of a token, `null` for the full one, `undefined` for none; every token compared in constant time. */
async function match(tokens: ReadTokens, presented: string): Promise<ReportScope | null | undefined> {
  // No early exit: how long it takes does not tell which token, or how many, came close.
  let found: ReportScope | null | undefined = (await sameSecret(tokens.full, presented)) ? null : undefined;
  for (const scope of tokens.scopes) if ((await sameSecret(scope.token, presented)) && found === undefined) found = scope;
  return found;
}

/**
 * Checks the token; `purpose` starts the message for a request without one. Only where `scoped`
 * may a scoped token pass (its scope is then in `c.var.scope`); elsewhere it gets a 403.
 */
export function readAuth(tokens: ReadTokens, { purpose = 'Reading answers', scoped = false }: { purpose?: string | undefined; scoped?: boolean }) {
  return bearerAuth<ReadEnv>({
    verifyToken: async (presented, c: Context<ReadEnv>) => {
      const scope = await match(tokens, presented);
      if (scope === undefined) return false;
      if (scope && !scoped) {
        const message = `This token is scoped to ${describeScope(scope)}: it reads only that cut of the report, comments and exports. ${purpose} needs the REPORT_TOKEN.`;
        throw new HTTPException(403, { res: problem(c, 403, message) });
      }
      if (scope) c.set('scope', scope);
      return true;
    },
    noAuthenticationHeader: { message: { error: `${purpose} needs Authorization: Bearer <REPORT_TOKEN>.` } },
    invalidAuthenticationHeader: { message: { error: 'Use Authorization: Bearer <REPORT_TOKEN>.' } },
    invalidToken: { message: { error: 'That report token is not valid.' } },
  });
}
