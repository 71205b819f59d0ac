// Where <feedback-report> sends its requests: the element's endpoint plus the API's paths.
import { checkEndpoint } from '../../schema/endpoint.js';

/** The endpoint without a trailing slash ('' for the page's own origin), or undefined when it is refused (http to another host). */
export function endpointBase(endpoint: string): string | undefined {
  const base = endpoint.trim().replace(/\/+$/, '');
  return base === '' || checkEndpoint(base, document.baseURI).ok ? base : undefined;
}

/** `{endpoint}/api/{path}?{params}`; '' is the page's own origin. */
export function apiUrl(endpoint: string, path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `${endpoint.replace(/\/+$/, '')}/api/${path}${query ? `?${query}` : ''}`;
}
