import type { FlagStore } from './local-flags.js';

/**
 * "This survey was shown in a browser on this day": one per browser, survey, channel and day. The
 * random id only makes a resend harmless; it is new every time and identifies nobody.
 */
export interface ShownItem {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: string;
  day: string;
}

/** What a shown-count send came to: `done` (delivered, or refused for good) or `retry` later. */
export type ShownSend = (items: ShownItem[]) => Promise<'done' | 'retry'>;

interface Waiting {
  endpoint: string;
  item: ShownItem;
}

const OUTBOX_KEY = 'shown-outbox';
/** Counts are a courtesy to the report: a small backlog, kept a month at most. */
const MAX_WAITING = 60;
const MAX_AGE_DAYS = 30;

/** The browser's local calendar day, `YYYY-MM-DD`: the day the respondent saw the survey. */
export function localDay(now: number): string {
  const date = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function readWaiting(store: FlagStore, now: number): Waiting[] {
  let list: unknown;
  try {
    list = JSON.parse(store.get(OUTBOX_KEY) ?? '[]');
  } catch {
    return []; // damaged: counts are not worth a crash
  }
  const oldest = localDay(now - MAX_AGE_DAYS * 86_400_000);
  // An item without an id would make the collector refuse the whole request, and the good counts with it.
  return Array.isArray(list)
    ? list.filter((w: Waiting) => typeof w?.endpoint === 'string' && typeof w.item?.id === 'string' && typeof w.item.day === 'string' && w.item.day >= oldest)
    : [];
}

function writeWaiting(store: FlagStore, list: Waiting[]): void {
  if (list.length === 0) store.remove(OUTBOX_KEY);
  else store.set(OUTBOX_KEY, JSON.stringify(list.slice(-MAX_WAITING)));
}

/**
 * Counts the survey as shown today, unless this browser already did; the count waits in the store
 * until `sendShown` delivers it. Returns the new item, or undefined when it was counted already.
 */
export function markShown(
  store: FlagStore,
  what: Omit<ShownItem, 'id' | 'day'> & { endpoint: string },
  now: number,
  mintId: () => string,
): ShownItem | undefined {
  const day = localDay(now);
  const marker = `shown:${what.surveyId}@${what.surveyVersion}:${what.channel}`;
  if (store.get(marker) === day) return undefined;
  store.set(marker, day);
  const item: ShownItem = { id: mintId(), surveyId: what.surveyId, surveyVersion: what.surveyVersion, channel: what.channel, day };
  writeWaiting(store, [...readWaiting(store, now), { endpoint: what.endpoint, item }]);
  return item;
}

/** Endpoints with a shown-count request on its way (this page). */
const sending = new Set<string>();

/** Sends the counts waiting for `endpoint` in one request; keeps them only if it should be tried again. */
export async function sendShown(store: FlagStore, endpoint: string, send: ShownSend, now: number): Promise<void> {
  // Several widgets on a page share the waiting counts: one request per endpoint at a time.
  if (sending.has(endpoint)) return;
  const items = readWaiting(store, now).filter(w => w.endpoint === endpoint).map(w => w.item);
  if (items.length === 0) return;
  sending.add(endpoint);
  try {
    if ((await send(items)) === 'retry') return;
  } finally {
    sending.delete(endpoint);
  }
  const sent = new Set(items.map(item => item.id));
  writeWaiting(store, readWaiting(store, now).filter(w => !sent.has(w.item.id)));
}
