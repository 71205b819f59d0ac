import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import { answer, ORIGIN, read, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';

// S33: a device clock that is badly wrong. The element sends its clock's time with every request
// (`?sentAt=…&attempt=…`); the collector stores each answer at submittedAt + (receivedAt − sentAt).

/** The collector's clock in these tests: when every request arrives. */
const NOW = new Date('2026-12-07T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

for (const kind of STORE_KINDS) {
  describe(`a wrong device clock (S33) on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    const lines: string[] = [];

    before(async () => {
      store = await kind.open();
      await store.registerSurveys([defaultSurvey()]);
      handle = createHandler({ store, surveys: [defaultSurvey()], reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, clock: () => new Date(NOW), log: line => lines.push(line) });
    });
    after(() => store.close());

    /** POSTs records as the element does, with `query` (e.g. `?sentAt=…&attempt=1`). */
    async function send(records: FeedbackRecord[], query = ''): Promise<string[]> {
      lines.length = 0;
      const response = await handle(
        new Request(`http://collector.test/api/responses${query}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ records }) }),
      );
      assert.equal(response.status, 200);
      return ((await response.json()) as { results: { status: string }[] }).results.map(r => r.status);
    }

    /** The stored `submittedAt` of each record, in the order given. */
    async function storedAt(records: FeedbackRecord[]): Promise<string[]> {
      const response = await handle(read(`?ids=${records.map(r => r.id).join(',')}`));
      const rows = ((await response.json()) as { responses: StoredResponse[] }).responses;
      return records.map(record => rows.find(row => row.id === record.id)!.submittedAt);
    }

    const sentAt = (ms: number, attempt = 1) => `?sentAt=${iso(ms)}&attempt=${attempt}`;

    it('stores the answers of a clock reset to 2000 at the time they were given, not in 2000', async () => {
      // The tablet's clock reads 2000-01-01 00:10 now; it took one answer 5 minutes ago, one 2 days ago.
      const device = Date.parse('2000-01-01T00:10:00.000Z');
      const records = [answer({ channel: 'kiosk', submittedAt: iso(device - 5 * MINUTE) }), answer({ channel: 'kiosk', submittedAt: iso(device - 2 * DAY) })];

      assert.deepEqual(await send(records, sentAt(device)), ['accepted', 'accepted']);

      assert.deepEqual(await storedAt(records), [iso(NOW.getTime() - 5 * MINUTE), iso(NOW.getTime() - 2 * DAY)]);
      assert.match(lines.join('\n'), /device clock \d+ min behind: times corrected/, 'the log says the times were corrected');
    });

    it('stores the answers of a clock 2 days or 20 hours ahead at the time they were given', async () => {
      const twoDays = answer({ submittedAt: iso(NOW.getTime() + 2 * DAY - 30 * MINUTE) });
      const twentyHours = answer({ submittedAt: iso(NOW.getTime() + 20 * HOUR - 1 * HOUR) });

      await send([twoDays], sentAt(NOW.getTime() + 2 * DAY));
      await send([twentyHours], sentAt(NOW.getTime() + 20 * HOUR));

      assert.deepEqual(await storedAt([twoDays, twentyHours]), [iso(NOW.getTime() - 30 * MINUTE), iso(NOW.getTime() - HOUR)]);
      assert.match(lines.join('\n'), /device clock 1200 min ahead: times corrected/);
    });

    it('corrects a clock more than 5 minutes off, and leaves one less off (or a request that took its time) as sent', async () => {
      const records = [answer({ submittedAt: '2026-12-07T09:00:00.000Z' }), answer({ submittedAt: '2026-12-07T09:00:00.000Z' }), answer({ submittedAt: '2026-12-07T09:00:00.000Z' })];

      await send([records[0]!], sentAt(NOW.getTime() - 6 * MINUTE));
      await send([records[1]!], sentAt(NOW.getTime() - 4 * MINUTE));
      assert.equal(lines.join('\n').includes('corrected'), false, 'nothing to say about a clock within the tolerance');
      await send([records[2]!], sentAt(NOW.getTime() + 3 * 1000));

      assert.deepEqual(await storedAt(records), ['2026-12-07T09:06:00.000Z', '2026-12-07T09:00:00.000Z', '2026-12-07T09:00:00.000Z']);
    });

    it('keeps the first stored time when a retry arrives with another sentAt (a duplicate)', async () => {
      // First attempt while the clock read 2000; the answer was lost on its way back; the clock was
      // set right before the retry, which sends the same record again.
      const device = Date.parse('2000-01-01T00:10:00.000Z');
      const record = answer({ submittedAt: iso(device - 15 * MINUTE) });

      assert.deepEqual(await send([record], sentAt(device, 1)), ['accepted']);
      assert.deepEqual(await send([record], sentAt(NOW.getTime(), 2)), ['duplicate']);

      assert.deepEqual(await storedAt([record]), [iso(NOW.getTime() - 15 * MINUTE)]);
    });

    it('never stores an answer later than it arrived, also when the clock changed between answer and send', async () => {
      // Answered with the clock 20 hours ahead, sent after it was reset to 2000: only "before it arrived" is sure.
      const record = answer({ submittedAt: iso(NOW.getTime() + 20 * HOUR) });

      await send([record], sentAt(Date.parse('2000-01-01T00:00:00.000Z')));

      assert.deepEqual(await storedAt([record]), [NOW.toISOString()]);
    });

    it('keeps the time as sent when the clock was right at the answer and reset to 2000 before the send', async () => {
      // Offline for 3 days with a right clock; the battery ran out and the clock came back in 2000.
      const record = answer({ submittedAt: iso(NOW.getTime() - 3 * DAY) });

      await send([record], sentAt(Date.parse('2000-01-01T00:00:00.000Z')));

      assert.deepEqual(await storedAt([record]), [record.submittedAt]);
    });

    for (const [what, query] of [
      ['not a date-time', '?sentAt=yesterday&attempt=1'],
      ['empty', '?sentAt=&attempt=1'],
      ['no valid date', '?sentAt=2026-13-45T99:00:00Z'],
      ['given twice', `?sentAt=${iso(Date.parse('2000-01-01T00:00:00Z'))}&sentAt=${iso(Date.parse('2000-01-01T00:00:00Z'))}`],
    ] as const) {
      it(`ignores a sentAt that is ${what}: the answers are stored as without one, and the log says so`, async () => {
        const asSent = answer({ submittedAt: '2026-12-06T10:00:00.000Z' });
        const farAhead = answer({ submittedAt: '2099-06-01T00:00:00.000Z' });

        assert.deepEqual(await send([asSent, farAhead], query), ['accepted', 'accepted']);

        assert.deepEqual(await storedAt([asSent, farAhead]), [asSent.submittedAt, NOW.toISOString()]);
        assert.match(lines.join('\n'), /sentAt ignored/);
      });
    }

    it('without sentAt (older elements, other clients) keeps the one-day rule: far ahead is stored when it arrived, the rest as sent', async () => {
      const records = [answer({ submittedAt: '2000-01-01T00:00:00.000Z' }), answer({ submittedAt: iso(NOW.getTime() + 20 * HOUR) }), answer({ submittedAt: '2099-06-01T00:00:00.000Z' })];

      await send(records);

      assert.deepEqual(await storedAt(records), [records[0]!.submittedAt, records[1]!.submittedAt, NOW.toISOString()]);
      assert.doesNotMatch(lines.join('\n'), /sentAt|corrected/);
    });
  });
}
