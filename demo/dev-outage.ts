import type { IncomingMessage, ServerResponse } from 'node:http';

/** Set from the demo pages: while true, sending answers fails like a dropped network connection. */
let outage = false;

/** `POST /api/dev/outage` with `on` or `off` (`GET` reads it): the demo's "network outage" switch. */
export async function devOutage(req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'POST') {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    outage = text.trim() === 'on';
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ outage }));
}

/** During an outage, `POST /api/responses` gets its connection dropped: the browser sees a network error. */
export function dropDuringOutage(req: IncomingMessage): boolean {
  if (!outage || req.method !== 'POST' || !req.url?.startsWith('/api/responses')) return false;
  req.socket.destroy();
  return true;
}
