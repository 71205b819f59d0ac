import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../src/collector/config.js';
import { createHandler, type CollectorOptions, type FetchHandler } from '../../src/collector/handler.js';
import { PURGE_BATCH } from '../../src/collector/contact-sql.js';
import { openInvitationKey } from '../../src/collector/invitation-key.js';
import { migrate } from '../../src/collector/migrations.js';
import { insertResponses } from '../../src/collector/response-sql.js';
import { openCollector } from '../../src/collector/server.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredContact } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, api, contactAnswer, contactSurvey, ORIGIN, post, read, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS, UNDO_MIGRATION_9 } from '../helpers/collector-stores.js';

const SURVEYS: Survey[] = [defaultSurvey(), contactSurvey()];
const DAY_MS = 86_400_000;
const EMAIL = 'an.peeters@example.be';
const PHONE = '+32 9 123 45 67';

interface Ack {
  error?: string;
  results?: { id: string; status: string; reason?: string }[];
}

/** What any reply or log line must never contain. */
function assertNoContact(text: string, where: string) {
  assert.equal(text.includes(EMAIL), false, `${where} holds the email address`);
  assert.equal(text.includes('123 45 67'), false, `${where} holds the phone number`);
}

for (const kind of STORE_KINDS) {
  describe(`contact requests on ${kind.name}`, () => {
    let store: SqlStore;
    let lines: string[];
    let clock: Date;
    let handle: FetchHandler;
    const handler = (options: Partial<CollectorOptions> = {}): FetchHandler =>
      createHandler({
        store,
        surveys: SURVEYS,
        reportToken: TOKEN,
        allowedOrigins: [ORIGIN],
        rateLimit: 0,
        log: line => lines.push(line),
        clock: () => clock,
        ...options,
      });

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
    });
    after(() => store.close());

    const fresh = () => {
      lines = [];
      clock = new Date();
      handle = handler();
    };

    async function send(records: unknown[]): Promise<{ status: number; body: Ack }> {
      const response = await handle(post({ records }));
      return { status: response.status, body: (await response.json()) as Ack };
    }

    async function contacts(query = ''): Promise<StoredContact[]> {
      const response = await handle(api('GET', `/api/contacts${query}`));
      assert.equal(response.status, 200);
      return ((await response.json()) as { contacts: StoredContact[] }).contacts;
    }

    const contactOf = async (id: string) => (await contacts('?limit=1000')).find(c => c.responseId === id);

    describe('storing', () => {
      before(fresh);

      it('keeps the contact in its own table, never with the answers', async () => {
        const record = contactAnswer({ context: { office: 'gent' } });

        const { status, body } = await send([record]);

        assert.equal(status, 200);
        assert.deepEqual(body.results, [{ id: record.id, status: 'accepted' }]);
        const [row] = await sqlOf(store).query<Record<string, unknown>>('SELECT * FROM feedback_contacts WHERE response_id = $1', [record.id]);
        assert.deepEqual({ email: row!.email, phone: row!.phone, survey_id: row!.survey_id, handled_at: row!.handled_at }, { email: EMAIL, phone: PHONE, survey_id: 'call-back', handled_at: null });
        const [response] = await sqlOf(store).query<Record<string, unknown>>('SELECT * FROM feedback_responses WHERE id = $1', [record.id]);
        assertNoContact(JSON.stringify(response), 'the response row');
        assert.deepEqual(response!.answers, record.answers);
        assert.deepEqual(response!.context, { office: 'gent' });
      });

      it('never shows contact details in GET /api/responses or in the log', async () => {
        const record = contactAnswer();
        await send([record]);

        const reply = await handle(read(`?ids=${record.id}`));
        const text = await reply.text();

        assert.equal(reply.status, 200);
        assert.ok(text.includes(record.id));
        assertNoContact(text, 'GET /api/responses');
        await contacts(); // the listing logs too, when it deletes old requests
        assertNoContact(lines.join('\n'), 'the log');
      });

      it('takes an email address alone or a phone number alone', async () => {
        const byEmail = contactAnswer({ contact: { consent: true, email: EMAIL } });
        const byPhone = contactAnswer({ contact: { consent: true, phone: '0470 12 34 56' } });

        const { body } = await send([byEmail, byPhone]);

        assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'accepted']);
        const [email, phone] = [await contactOf(byEmail.id), await contactOf(byPhone.id)];
        assert.deepEqual([email!.email, email!.phone, phone!.email, phone!.phone], [EMAIL, undefined, undefined, '0470 12 34 56']);
      });

      it('stores an answer to a contact survey without a contact request as a plain answer', async () => {
        const record = contactAnswer({ contact: undefined });

        const { body } = await send([record]);

        assert.equal(body.results![0]!.status, 'accepted');
        assert.equal(await contactOf(record.id), undefined);
      });

      const refused: [string, unknown, RegExp][] = [
        ['without consent', { email: EMAIL }, /contact\.consent: contact details are taken only with "consent": true/],
        ['with consent false', { consent: false, email: EMAIL }, /contact\.consent: contact details are taken only with "consent": true/],
        ['with neither email nor phone', { consent: true }, /contact: Give an email address or a phone number/],
        ['with a malformed email address', { consent: true, email: 'an.peeters(at)example.be' }, /contact\.email: not a valid email address/],
        ['with a malformed phone number', { consent: true, phone: 'call me' }, /contact\.phone: Use digits/],
        ['with a phone number of too few digits', { consent: true, phone: '12-34' }, /contact\.phone: .*at least 6 digits/],
        ['with an unknown field', { consent: true, email: EMAIL, address: 'Kerkstraat 1' }, /contact: Unknown key\(s\) "address"/],
      ];
      for (const [name, contact, reason] of refused) {
        it(`rejects a contact ${name}, with the reason in the acknowledgement`, async () => {
          const record = { ...contactAnswer(), contact };

          const { status, body } = await send([record]);

          assert.equal(status, 422);
          assert.equal(body.results![0]!.status, 'rejected');
          assert.match(body.results![0]!.reason!, reason);
          assert.deepEqual(await store.listResponses({ ids: [record.id], limit: 1 }), []);
        });
      }

      it('rejects a contact for a survey without a contact question', async () => {
        const record = answer({ contact: { consent: true, email: EMAIL } });

        const { body } = await send([record]);

        assert.equal(body.results![0]!.status, 'rejected');
        assert.match(body.results![0]!.reason!, /contact: survey "service-quality" version 1 has no contact question/);
        const rows = await sqlOf(store).query('SELECT 1 FROM feedback_contacts WHERE response_id = $1', [record.id]);
        assert.equal(rows.length, 0);
      });

      it('rejects the contact question’s id in the answers', async () => {
        const record = contactAnswer({ answers: { speed: 3, 'reach-me': EMAIL } });

        const { body } = await send([record]);

        assert.equal(body.results![0]!.status, 'rejected');
        assert.match(body.results![0]!.reason!, /answers: "reach-me" not in survey "call-back" version 1/);
      });

      it('does not bring back a deleted contact when the record is sent again', async () => {
        const record = contactAnswer();
        await send([record]);
        await handle(api('DELETE', `/api/contacts/${record.id}`));

        const { body } = await send([record]);

        assert.equal(body.results![0]!.status, 'duplicate');
        assert.equal(await contactOf(record.id), undefined);
      });

      it('keeps the call-back request of a later answer to an invitation, for the answer it already has', async () => {
        // Someone who first sent no request opens the email link again and asks to be called.
        const invitation = `inv-${crypto.randomUUID()}`;
        const first = contactAnswer({ invitation, contact: undefined });
        const late = contactAnswer({ invitation, contact: { consent: true, phone: '+32 9 123 45 67' } });

        const { body } = await send([first, late]);

        assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'already-received']);
        const request = (await contacts('?limit=1000')).find(c => c.id === late.id);
        assert.deepEqual([request?.responseId, request?.phone], [first.id, '+32 9 123 45 67'], 'the request, under its own id, for the stored answer');
        assert.equal((await store.listResponses({ ids: [late.id], limit: 1 })).length, 0, 'the later answer is not stored');
        const patched = await handle(api('PATCH', `/api/contacts/${late.id}`, { handled: true }));
        assert.equal(patched.status, 200);
        const handled = (await patched.json()) as StoredContact;
        assert.deepEqual([handled.id, handled.responseId, handled.handled], [late.id, first.id, true]);
      });

      it('keeps a later call-back request of an invitation whose first request is open, handled or erased; a replay adds nothing', async () => {
        // Asked to be called, was called (or had the details erased), and asks again: a new consent.
        const requestsOf = async (responseId: string) =>
          (await contacts('?limit=1000')).filter(c => c.responseId === responseId).map(c => [c.id, c.email]);
        for (const before of ['open', 'handled', 'erased'] as const) {
          const invitation = `inv-${crypto.randomUUID()}`;
          const first = contactAnswer({ invitation, contact: { consent: true, email: 'first@example.org' } });
          await send([first]);
          if (before === 'handled') assert.equal((await handle(api('PATCH', `/api/contacts/${first.id}`, { handled: true }))).status, 200);
          if (before === 'erased') assert.equal((await handle(api('DELETE', `/api/contacts/${first.id}`))).status, 204);
          const late = contactAnswer({ invitation, contact: { consent: true, email: 'second@example.org' } });

          const { body } = await send([late]);

          assert.equal(body.results![0]!.status, 'already-received');
          const kept = before === 'erased' ? [] : [[first.id, 'first@example.org']];
          assert.deepEqual(await requestsOf(first.id), [[late.id, 'second@example.org'], ...kept], `first request ${before}`);

          assert.equal((await handle(api('DELETE', `/api/contacts/${late.id}`))).status, 204);
          const replay = await send([late, first]);

          assert.deepEqual(replay.body.results!.map(r => r.status), ['already-received', 'duplicate']);
          assert.deepEqual(await requestsOf(first.id), kept, `after the replay, first request ${before}`);
        }
      });

      if (kind.openTwoAtOnce) {
        it('keeps the call-back request of a later answer that waited on another instance storing the first', async () => {
          const [a, b] = await kind.openTwoAtOnce!();
          try {
            await Promise.all([a.registerSurveys(SURVEYS), b.registerSurveys(SURVEYS)]);
            const invitation = `inv-${crypto.randomUUID()}`;
            const first = contactAnswer({ invitation, contact: undefined });
            const late = contactAnswer({ invitation, contact: { consent: true, phone: PHONE } });
            const handlerB = createHandler({ store: b, surveys: SURVEYS, reportToken: TOKEN, rateLimit: 0 });
            let reply: Promise<Response> | undefined;

            // Instance A stores the first answer; before it commits, instance B gets the later one,
            // whose insert waits on the invitation's unique index.
            const invitations = await openInvitationKey(sqlOf(a));
            await sqlOf(a).transaction(async tx => {
              await insertResponses(tx, [first as FeedbackRecord], invitations);
              reply = handlerB(post({ records: [late] }));
              const waiting = async () =>
                (await sqlOf(a).query<{ n: number }>(
                  "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
                ))[0]!.n;
              const deadline = Date.now() + 10_000;
              while ((await waiting()) === 0 && Date.now() < deadline) await new Promise(done => setTimeout(done, 20));
              assert.ok((await waiting()) > 0, 'the later insert waits on the first');
            });
            const { results } = (await (await reply!).json()) as Ack;

            assert.equal(results![0]!.status, 'already-received');
            const stored = await b.listContacts({ limit: 1000 });
            assert.equal(stored.find(c => c.responseId === first.id)?.phone, PHONE);
          } finally {
            await Promise.all([a.close(), b.close()]);
          }
        });
      }

      it('takes no call-back request from an answer to another survey with the same invitation token', async () => {
        const invitation = `inv-${crypto.randomUUID()}`;
        const first = contactAnswer({ invitation, contact: undefined });
        await send([first]);
        await store.registerSurveys([{ ...contactSurvey(), id: 'call-back-2' }]);

        const other = contactAnswer({ invitation, surveyId: 'call-back-2' });
        const { body } = await send([other]);

        assert.equal(body.results![0]!.status, 'accepted');
        assert.equal(await contactOf(first.id), undefined);
        assert.notEqual(await contactOf(other.id), undefined);
      });
    });

    describe('GET /api/contacts', () => {
      before(fresh);

      it('needs the report token', async () => {
        const none = await handle(api('GET', '/api/contacts', undefined, null));
        const wrong = await handle(api('GET', '/api/contacts', undefined, 'not-the-token-0123456789'));

        assert.deepEqual([none.status, wrong.status], [401, 401]);
        assert.match(((await none.json()) as { error: string }).error, /Authorization: Bearer <REPORT_TOKEN>/);
        assert.equal((await wrong.text()).includes('@'), false);
      });

      it('lists contact requests newest first, with the answer’s metadata and language but not its answers', async () => {
        const older = contactAnswer({ context: { office: 'gent', team: 'a' }, locale: 'fr-BE' });
        await send([older]);
        await sqlOf(store).query("UPDATE feedback_contacts SET created_at = now() - interval '1 hour' WHERE response_id = $1", [older.id]);
        const newer = contactAnswer({ channel: 'kiosk', contact: { consent: true, phone: '09 123 45 67' } });
        await send([newer]);

        const list = await contacts('?limit=1000');

        const ids = list.map(c => c.responseId);
        assert.ok(ids.indexOf(newer.id) < ids.indexOf(older.id), 'newest first');
        const times = list.map(c => Date.parse(c.createdAt));
        assert.deepEqual(times, [...times].sort((x, y) => y - x));
        const { createdAt, ...rest } = list.find(c => c.responseId === older.id)!;
        assert.deepEqual(rest, {
          id: older.id,
          responseId: older.id,
          surveyId: 'call-back',
          surveyVersion: 1,
          channel: 'web',
          context: { office: 'gent', team: 'a' },
          submittedAt: older.submittedAt,
          locale: 'fr-BE',
          email: EMAIL,
          phone: PHONE,
          handled: false,
        });
        assert.ok(Math.abs(Date.parse(createdAt) - Date.now()) < 2 * 3_600_000);
      });

      it('filters on handled and surveyId, and limits', async () => {
        const [a, b] = [contactAnswer(), contactAnswer()];
        await send([a, b]);
        await handle(api('PATCH', `/api/contacts/${a.id}`, { handled: true }));

        const handled = await contacts('?handled=true');
        const open = await contacts('?handled=false&limit=1000');
        const other = await contacts('?surveyId=service-quality');
        const one = await contacts('?limit=1');

        assert.ok(handled.some(c => c.responseId === a.id));
        assert.ok(handled.every(c => c.handled && c.handledAt));
        assert.ok(open.some(c => c.responseId === b.id) && open.every(c => !c.handled && c.handledAt === undefined));
        assert.deepEqual(other, []);
        assert.equal(one.length, 1);
      });

      it('finds one person’s requests by email (any case) or phone (any spacing), however many are newer', async () => {
        const person = contactAnswer({ contact: { consent: true, email: 'An.Peeters@example.org', phone: '+32 470 12 34 56' } });
        await send([person]);
        await send([contactAnswer(), contactAnswer(), contactAnswer()]);
        assert.notEqual((await contacts('?limit=1'))[0]!.responseId, person.id, 'not the newest');

        const byEmail = await contacts(`?email=${encodeURIComponent('an.peeters@EXAMPLE.org')}&limit=1`);
        const byPhone = await contacts(`?phone=${encodeURIComponent('+32470-123-456')}&limit=1`);
        const nobody = await contacts(`?email=${encodeURIComponent('someone.else@example.org')}`);

        assert.deepEqual(byEmail.map(c => c.responseId), [person.id]);
        assert.deepEqual(byPhone.map(c => c.responseId), [person.id]);
        assert.deepEqual(nobody, []);
      });

      // A tail of its own per test, so that numbers stored by other tests never match.
      const tail = () => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0');
      const byPhone = async (phone: string) => (await contacts(`?phone=${encodeURIComponent(phone)}&limit=1000`)).map(c => c.responseId).sort();
      const withPhone = (phone: string) => contactAnswer({ contact: { consent: true, phone } });

      it('finds a phone number written in national form, with +32 or with 0032 whichever way it was stored', async () => {
        const t = tail();
        const [national, plus, zeros] = [withPhone(`0470 ${t}`), withPhone(`+32 471 ${t}`), withPhone(`0032 472 ${t}`)];
        await send([national, plus, zeros]);

        const found = Object.fromEntries(
          await Promise.all(
            [`+32 470 ${t}`, `0032470${t}`, `0471 ${t}`, `00 32 471 ${t}`, `+32 (472) ${t}`, `0472-${t}`].map(async q => [q, await byPhone(q)] as const),
          ),
        );

        assert.deepEqual(found, {
          [`+32 470 ${t}`]: [national.id],
          [`0032470${t}`]: [national.id],
          [`0471 ${t}`]: [plus.id],
          [`00 32 471 ${t}`]: [plus.id],
          [`+32 (472) ${t}`]: [zeros.id],
          [`0472-${t}`]: [zeros.id],
        });
      });

      it('reads a bracketed national 0 after the country code, +32 (0)470 …, as not dialled, stored or searched', async () => {
        const t = tail();
        const [bracketed, plain] = [withPhone(`+32 (0)470 ${t}`), withPhone(`+32 471 ${t}`)];
        await send([bracketed, plain]);

        const [plus, national, asStored, searched] = await Promise.all([`+32 470 ${t}`, `0470${t}`, `+32(0)470${t}`, `+32 (0) 471 ${t}`].map(byPhone));

        assert.deepEqual([plus, national, asStored, searched], [[bracketed.id], [bracketed.id], [bracketed.id], [plain.id]]);
      });

      it('matches a number without 0 or + only as written, and another country’s number only through the national form', async () => {
        const t = tail();
        const [be, nl, bare] = [withPhone(`+32 470 ${t}`), withPhone(`+31 470 ${t}`), withPhone(`470 ${t}`)];
        await send([be, nl, bare]);

        const [belgian, dutch, noPrefix, national] = await Promise.all([`+32470${t}`, `0031 470 ${t}`, `470${t}`, `0470 ${t}`].map(byPhone));

        assert.deepEqual(belgian, [be.id]);
        assert.deepEqual(dutch, [nl.id]);
        assert.deepEqual(noPrefix, [bare.id]);
        // A national number says nothing of its country, so it matches the number in every one.
        assert.deepEqual(national, [be.id, nl.id].sort());
      });

      for (const query of ['?handled=yes', '?limit=0', '?limit=1001', '?surveyId=1bad', '?email=x', '?phone=12', '?where=1', '?handled=false&handled=true']) {
        it(`answers 400 for ${query}`, async () => {
          const response = await handle(api('GET', `/api/contacts${query}`));

          assert.equal(response.status, 400);
          assert.ok(((await response.json()) as { error: string }).error.length > 5);
        });
      }
    });

    describe('PATCH and DELETE /api/contacts/:id', () => {
      before(fresh);

      it('marks a contact request handled and open again', async () => {
        const record = contactAnswer();
        await send([record]);

        const done = await handle(api('PATCH', `/api/contacts/${record.id}`, { handled: true }));
        const doneBody = (await done.json()) as StoredContact;
        const again = (await (await handle(api('PATCH', `/api/contacts/${record.id}`, { handled: true }))).json()) as StoredContact;
        const reopened = await handle(api('PATCH', `/api/contacts/${record.id.toUpperCase()}`, { handled: false }));

        assert.equal(done.status, 200);
        assert.equal(doneBody.handled, true);
        assert.equal(doneBody.email, EMAIL);
        assert.ok(doneBody.handledAt);
        assert.equal(again.handledAt, doneBody.handledAt, 'the first handling time stays');
        assert.equal(reopened.status, 200);
        const open = (await reopened.json()) as StoredContact;
        assert.equal(open.handled, false);
        assert.equal('handledAt' in open, false);
      });

      const badPatches: [string, string, string | undefined, number][] = [
        ['an unknown answer', crypto.randomUUID(), '{"handled":true}', 404],
        ['an id that is no UUID', 'not-a-uuid', '{"handled":true}', 400],
        ['a body that is not JSON', crypto.randomUUID(), 'handled', 400],
        ['handled that is not a boolean', crypto.randomUUID(), '{"handled":"yes"}', 400],
        ['another field', crypto.randomUUID(), '{"handled":true,"email":"x@example.be"}', 400],
        ['no body', crypto.randomUUID(), undefined, 400],
      ];
      for (const [name, id, body, status] of badPatches) {
        it(`answers ${status} to PATCH with ${name}`, async () => {
          const response = await handle(api('PATCH', `/api/contacts/${id}`, body));

          assert.equal(response.status, status);
          assert.ok(((await response.json()) as { error: string }).error.length > 5);
        });
      }

      it('refuses a PATCH body with a key twice, naming it, and leaves the request as it was', async () => {
        const record = contactAnswer();
        await send([record]);

        const response = await handle(api('PATCH', `/api/contacts/${record.id}`, '{"handled":false,"handled":true}'));

        assert.equal(response.status, 400);
        assert.match(((await response.json()) as { error: string }).error, /^The key "handled" appears twice in one object/);
        assert.equal((await contactOf(record.id))!.handled, false, 'not taken as the last "handled"');
      });

      it('forgets contact details on request and keeps the answer', async () => {
        const record = contactAnswer();
        await send([record]);

        const deleted = await handle(api('DELETE', `/api/contacts/${record.id}`));
        const again = await handle(api('DELETE', `/api/contacts/${record.id}`));
        const bad = await handle(api('DELETE', '/api/contacts/42'));

        assert.deepEqual([deleted.status, again.status, bad.status], [204, 404, 400]);
        assert.equal(await contactOf(record.id), undefined);
        assert.equal((await store.listResponses({ ids: [record.id], limit: 1 })).length, 1);
        assertNoContact(lines.join('\n'), 'the log');
      });

      it('needs the report token', async () => {
        const record = contactAnswer();
        await send([record]);

        const patch = await handle(api('PATCH', `/api/contacts/${record.id}`, { handled: true }, null));
        const remove = await handle(api('DELETE', `/api/contacts/${record.id}`, undefined, 'not-the-token-0123456789'));

        assert.deepEqual([patch.status, remove.status], [401, 401]);
        assert.equal((await contactOf(record.id))!.handled, false);
      });

      it('answers other methods with 405', async () => {
        const record = contactAnswer();

        const put = await handle(api('PUT', `/api/contacts/${record.id}`, { handled: true }));
        const postList = await handle(api('POST', '/api/contacts', {}));

        assert.deepEqual([put.status, postList.status], [405, 405]);
        assert.deepEqual([put.headers.get('allow'), postList.headers.get('allow')], ['PATCH, DELETE', 'GET, HEAD']);
      });

      it('lets an allowed origin send PATCH and DELETE with the Authorization header', async () => {
        const preflight = (origin: string, method: string) =>
          handle(
            new Request('http://collector.test/api/contacts/x', {
              method: 'OPTIONS',
              headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
            }),
          );

        const allowed = await preflight(ORIGIN, 'PATCH');
        const other = await preflight('https://evil.example', 'DELETE');

        assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
        assert.match(allowed.headers.get('access-control-allow-methods')!, /PATCH/);
        assert.match(allowed.headers.get('access-control-allow-methods')!, /DELETE/);
        assert.match(allowed.headers.get('access-control-allow-headers')!, /authorization/i);
        assert.equal(other.headers.get('access-control-allow-origin'), null);
      });
    });

    describe('retention', () => {
      before(fresh);

      async function age(record: FeedbackRecord, days: number) {
        await sqlOf(store).query(`UPDATE feedback_contacts SET created_at = now() - make_interval(days => $2) WHERE response_id = $1`, [record.id, days]);
      }

      it('deletes contact requests older than the retention before listing, and keeps their answers', async () => {
        const [old, recent] = [contactAnswer(), contactAnswer()];
        await send([old, recent]);
        await age(old, 91);
        await age(recent, 89);

        const list = await contacts('?limit=1000');

        assert.equal(list.some(c => c.responseId === old.id), false);
        assert.equal(list.some(c => c.responseId === recent.id), true);
        assert.equal((await store.listResponses({ ids: [old.id, recent.id], limit: 2 })).length, 2);
        assert.ok(lines.some(line => /^\d+ contact request\(s\) deleted after 90 days$/.test(line)), lines.join('\n'));
        assertNoContact(lines.join('\n'), 'the log');
      });

      it('follows contactRetentionDays and the injected clock', async () => {
        const record = contactAnswer();
        await send([record]);
        const patch = () => handle(api('PATCH', `/api/contacts/${record.id}`, { handled: true }));

        clock = new Date(Date.now() + 6 * DAY_MS);
        handle = handler({ contactRetentionDays: 7 });
        const kept = await patch();
        clock = new Date(Date.now() + 8 * DAY_MS);
        const gone = await patch();

        assert.equal(kept.status, 200);
        assert.equal(gone.status, 404, 'a request past its retention is gone');
        assert.equal((await store.listResponses({ ids: [record.id], limit: 1 })).length, 1);
      });

      it('erases only contact details through the store, never answers', async () => {
        const record = contactAnswer();
        await send([record]);

        const deleted = await store.purgeContacts(new Date(Date.now() + DAY_MS));

        assert.ok(deleted >= 1);
        assert.deepEqual(await sqlOf(store).query('SELECT 1 FROM feedback_contacts WHERE email IS NOT NULL OR phone IS NOT NULL'), []);
        assert.equal((await store.listResponses({ ids: [record.id], limit: 1 })).length, 1);
      });

      it('erases a backlog of more than one batch in short statements: every request past the retention, none within it', async () => {
        const sql = sqlOf(store);
        const cutoff = new Date(Date.now() - 90 * DAY_MS);
        const due = 2 * PURGE_BATCH + 7;
        // Requests from 1 to `due` minutes before the cutoff, and 20 from the cutoff itself on.
        await sql.query(
          `WITH r AS (
             INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers)
             SELECT gen_random_uuid(), 'call-back', 1, 'web', 'nl', $1::timestamptz, '{"speed": 3}'::jsonb FROM generate_series(1, $2::integer + 20)
             RETURNING id
           )
           INSERT INTO feedback_contacts (response_id, survey_id, email, created_at)
           SELECT id, 'call-back', 'backlog@example.org', $1::timestamptz - make_interval(mins => $2::integer - (row_number() OVER ())::integer + 1)
           FROM r`,
          [cutoff.toISOString(), due],
        );
        // What each statement erases, as the database sees it.
        await sql.exec(`
          CREATE TABLE test_erased (n integer);
          CREATE FUNCTION test_count_erased() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO test_erased SELECT count(*) FROM erased WHERE deleted_at IS NOT NULL; RETURN NULL; END $$;
          CREATE TRIGGER test_count_erased AFTER UPDATE ON feedback_contacts REFERENCING NEW TABLE AS erased
            FOR EACH STATEMENT EXECUTE FUNCTION test_count_erased();`);
        try {
          const erased = await store.purgeContacts(cutoff);

          const statements = (await sql.query<{ n: number }>('SELECT n FROM test_erased')).map(row => row.n).filter(n => n > 0);
          const kept = await sql.query<{ created_at: Date | string }>(
            "SELECT created_at FROM feedback_contacts WHERE email = 'backlog@example.org' ORDER BY created_at",
          );
          assert.equal(erased, due);
          assert.equal(kept.length, 20, 'the requests within the retention are kept');
          assert.equal(new Date(kept[0]!.created_at).getTime(), cutoff.getTime(), 'the one stored at the cutoff is kept');
          assert.ok(statements.length >= 3 && statements.every(n => n <= PURGE_BATCH), `rows erased per statement: ${statements.join(', ')}`);
        } finally {
          await sql.exec('DROP TRIGGER test_count_erased ON feedback_contacts; DROP FUNCTION test_count_erased(); DROP TABLE test_erased;');
        }
      });
    });

    it('upgrades the requests stored before each had its own id: the id is the answer’s, as the paths took it', async () => {
      const old = await kind.open(); // fresh, then taken back to before migration 7
      try {
        const sql = sqlOf(old);
        await sql.exec(UNDO_MIGRATION_9); // raw tokens, as stored then
        await sql.exec(`DROP TRIGGER feedback_contacts_id ON feedback_contacts; DROP FUNCTION feedback_contacts_id();
          DROP INDEX feedback_contacts_by_response; ALTER TABLE feedback_contacts DROP CONSTRAINT feedback_contacts_pkey;
          ALTER TABLE feedback_contacts DROP COLUMN id; ALTER TABLE feedback_contacts DROP COLUMN keyed_by_answer;
          ALTER TABLE feedback_contacts ADD PRIMARY KEY (response_id);
          DELETE FROM feedback_migrations WHERE version = 7;`);
        await old.registerSurveys(SURVEYS);
        const HOUR = 3_600_000;
        /** An answer to an invitation stored by the collector before migration 7, with a request as it stored them then. */
        const storedBefore = async (email?: string) => {
          const invitation = `inv-${crypto.randomUUID()}`;
          const first = contactAnswer({ invitation, contact: undefined });
          await sql.query(
            `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers, invitation)
             VALUES ($1, 'call-back', 1, 'web', 'nl', now() - interval '3 hours', $2::jsonb, $3)`,
            [first.id, JSON.stringify(first.answers), invitation],
          );
          if (email) {
            await sql.query(`INSERT INTO feedback_contacts (response_id, survey_id, email, created_at) VALUES ($1, 'call-back', $2, now() - interval '1 hour')`, [first.id, email]);
          }
          return { invitation, first };
        };
        // The first answer's own request, and one a later answer brought (then stored under the first answer's id), erased since.
        const own = await storedBefore(EMAIL);
        const brought = await storedBefore('erase.me@example.org');
        const bringer = contactAnswer({ invitation: brought.invitation, submittedAt: new Date(Date.now() - 2 * HOUR).toISOString(), contact: { consent: true, email: 'erase.me@example.org' } });
        await sql.query(`UPDATE feedback_contacts SET email = NULL, deleted_at = now() WHERE response_id = $1`, [brought.first.id]);

        assert.deepEqual(await migrate(sql), [7, 9]);

        const handleOld = createHandler({ store: old, surveys: SURVEYS, reportToken: TOKEN, rateLimit: 0 });
        assert.equal((await handleOld(api('PATCH', `/api/contacts/${own.first.id}`, { handled: true }))).status, 200);
        // Submitted after the request stored before: a new one, with its own consent.
        const late = contactAnswer({ invitation: own.invitation, submittedAt: new Date().toISOString(), contact: { consent: true, phone: PHONE } });
        await handleOld(post({ records: [late] }));
        // The record that brought the erased request, replayed: it may be that one, so nothing comes back.
        const replay = await handleOld(post({ records: [bringer] }));
        assert.equal(((await replay.json()) as { results: { status: string }[] }).results[0]!.status, 'already-received');
        const listed = await old.listContacts({ limit: 10 });
        assert.deepEqual(
          listed.map(c => [c.id, c.responseId, c.email ?? c.phone, c.handled]),
          [
            [late.id, own.first.id, PHONE, false],
            [own.first.id, own.first.id, EMAIL, true],
          ],
        );
        assert.deepEqual(await sql.query('SELECT email FROM feedback_contacts WHERE response_id = $1', [brought.first.id]), [{ email: null }]);

        // A collector instance not yet updated inserts requests without an id: they get their answer's.
        const notUpdated = { first: contactAnswer({ contact: undefined }) };
        assert.equal((await handleOld(post({ records: [notUpdated.first] }))).status, 200);
        await sql.query(`INSERT INTO feedback_contacts (response_id, survey_id, email) VALUES ($1, 'call-back', $2)`, [notUpdated.first.id, EMAIL]);
        assert.deepEqual((await old.listContacts({ limit: 10 })).find(c => c.responseId === notUpdated.first.id)?.id, notUpdated.first.id);
      } finally {
        await old.close();
      }
    });
  });
}

describe('contact retention in the Node collector', () => {
  const config = (changes: Record<string, string> = {}) => {
    const settings = readConfig({ PORT: '0', DATA_DIR: join(mkdtempSync(join(tmpdir(), 'feedback-contacts-')), 'data'), ...changes });
    assert.ok(settings.ok);
    return settings.config;
  };
  const quiet = () => {};

  async function sendTo(handler: FetchHandler, record: FeedbackRecord) {
    assert.equal((await handler(post({ records: [record] }))).status, 200);
  }
  const countContacts = async (store: SqlStore) =>
    (await sqlOf(store).query<{ n: number }>('SELECT count(*)::integer AS n FROM feedback_contacts WHERE email IS NOT NULL OR phone IS NOT NULL'))[0]!.n;

  it('deletes old contact requests when it starts and then on a timer, and keeps the answers', async () => {
    const settings = config({ CONTACT_RETENTION_DAYS: '30' });
    const handlerOf = (store: SqlStore) => createHandler({ store, surveys: [contactSurvey()], reportToken: TOKEN, rateLimit: 0 });
    const first = await openCollector(settings, quiet);
    await first.store.registerSurveys([contactSurvey()]);
    const before = contactAnswer();
    await sendTo(handlerOf(first.store as SqlStore), before);
    await first.close();

    const lines: string[] = [];
    let clock = new Date(Date.now() + 31 * DAY_MS);
    const later = await openCollector(settings, line => lines.push(line), { clock: () => clock, purgeIntervalMs: 20 });
    const store = later.store as SqlStore;
    try {
      assert.equal(await countContacts(store), 0, 'deleted at start');
      assert.equal((await store.listResponses({ ids: [before.id], limit: 1 })).length, 1);
      assert.ok(lines.some(line => / collector: 1 contact request\(s\) deleted after 30 days$/.test(line)), lines.join('\n'));

      clock = new Date();
      await sendTo(handlerOf(store), contactAnswer());
      assert.equal(await countContacts(store), 1);
      clock = new Date(Date.now() + 31 * DAY_MS);
      const deadline = Date.now() + 5_000;
      while ((await countContacts(store)) > 0 && Date.now() < deadline) await new Promise(done => setTimeout(done, 20));

      assert.equal(await countContacts(store), 0, 'deleted by the timer');
      assertNoContact(lines.join('\n'), 'the log');
    } finally {
      await later.close();
    }
  });
});
