// Where <feedback-report> sends its requests: the element's endpoint plus the API's paths.
import { checkEndpoint } from '../../schema/endpoint.js';

/** The endpoint, trimmed ('' for the page's own origin), or undefined when it is refused (http to another host). */
export function endpointBase(endpoint: string): string | undefined {
  const base = endpoint.trim();
  return base === '' || checkEndpoint(base, document.baseURI).ok ? base : undefined;
}

/**
 * `{endpoint}/api/{path}?{params}`, built with the URL API (as registerInvitations() does): a query
 * on the endpoint (`?tenant=3`, for a proxy) stays, as it was written, before `params`.
 * '' is the page's own origin.
 */
export function apiUrl(endpoint: string, path: string, params?: URLSearchParams): string {
  const url = new URL(endpoint || '/', document.baseURI);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/${path}`;
  url.hash = '';
  url.search = [url.search.slice(1), params?.toString()].filter(Boolean).join('&');
  return url.href;
}
