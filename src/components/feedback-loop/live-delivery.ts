import type { HeadersProvider, Transport } from '../../queue/transport.js';

/**
 * The element's `headers` and `transport` as read at send time: a framework that passes a new
 * function on every render (React 19) keeps one outbox, with its backoff and Retry-After wait,
 * instead of a new one each time.
 */
export function liveDelivery(el: { headers?: HeadersProvider; transport?: Transport }): { headers: HeadersProvider; transport: Transport } {
  return {
    headers: info => (typeof el.headers === 'function' ? el.headers(info) : (el.headers ?? {})),
    // Unset meanwhile, it throws: a failed send for an outbox that is being replaced.
    transport: (records, options) => el.transport!(records, options),
  };
}
