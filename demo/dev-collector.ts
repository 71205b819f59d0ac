import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateRecord, formatIssues } from '../src/schema/validate.js';

const MAX_BODY = 256 * 1024;
const seen = new Set<string>();
/** Set from the demo page: while true, requests fail like a dropped network connection. */
let outage = false;

/** `POST /api/dev/outage` with `on` or `off`: the demo's "network outage" switch. */
export async function devOutage(req: IncomingMessage, res: ServerResponse) {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  outage = text.trim() === 'on';
  reply(res, 200, { outage });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * A development endpoint for `npm start`: validates `{"records":[…]}`, answers per item and logs.
 * Answers live in memory only; the reference collector (issue 4) stores them in a database.
 */
export async function devCollector(req: IncomingMessage, res: ServerResponse, next: () => void) {
  if (req.method !== 'POST') return next();
  if (outage) {
    req.socket.destroy(); // the browser sees a network error, as when the Wi-Fi is down
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return reply(res, 413, { error: 'Body too large' });
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return reply(res, 400, { error: 'Body is not JSON' });
  }
  const records = (body as { records?: unknown })?.records;
  if (!Array.isArray(records)) return reply(res, 400, { error: 'Expected {"records":[…]}' });
  const results = records.map(input => {
    const checked = validateRecord(input);
    if (!checked.ok) return { id: (input as { id?: unknown })?.id, status: 'rejected', reason: formatIssues(checked.issues) };
    const status = seen.has(checked.value.id) ? 'duplicate' : 'accepted';
    seen.add(checked.value.id);
    console.log(`[demo endpoint] ${status} ${checked.value.channel} answer ${checked.value.id}:`, checked.value.answers);
    return { id: checked.value.id, status };
  });
  reply(res, 200, { results });
}
