/** Why an endpoint was refused. */
export const ENDPOINT_PROBLEMS = ['missing', 'malformed', 'insecure', 'unsupported-scheme', 'credentials'] as const;
export type EndpointProblem = (typeof ENDPOINT_PROBLEMS)[number];

export type CheckedEndpoint = { ok: true; url: URL } | { ok: false; problem: EndpointProblem };

const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Accepts https URLs, relative URLs (same origin as the page) and http only for
 * localhost/loopback, so answers never travel in clear text over a network. A user name or password
 * in the URL is refused: `fetch` throws on every request to it, which would look like being offline.
 * @param base the page's base URL, used to resolve relative endpoints
 */
export function checkEndpoint(raw: string | null | undefined, base: string): CheckedEndpoint {
  const value = raw?.trim() ?? '';
  if (value === '') return { ok: false, problem: 'missing' };
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('//');
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  // A protocol-relative '//host/path' takes the page's scheme, so it is checked as absolute; so is
  // a scheme-less value the parser still sends elsewhere ('/\host', a tab inside '//').
  if (relative && url.origin === new URL(base).origin) return { ok: true, url };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    return LOOPBACK_HOST.test(url.hostname) ? { ok: true, url } : { ok: false, problem: 'insecure' };
  }
  return { ok: false, problem: 'unsupported-scheme' };
}

/** `raw` for an error message, any user name and password in it left out: messages end up in logs. */
export function withoutCredentials(raw: string): string {
  return raw.replace(/\/\/[^/?#]*@/, '//…@');
}
