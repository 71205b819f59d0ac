import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import { migrate, MIGRATIONS } from '../../src/collector/migrations.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, invitationToken, ORIGIN, post, read, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS, UNDO_MIGRATION_4 } from '../helpers/collector-stores.js';
import { emailSurvey } from '../helpers/email-survey.mjs';

const SURVEYS: Survey[] = [defaultSurvey(), emailSurvey() as Survey];
const ALREADY = 'An answer for this invitation was already received';

interface Ack {
  error?: string;
  results?: { id: string; status: string; reason?: string }[];
}

const handlerFor = (store: SqlStore): FetchHandler =>
  createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });

async function send(handle: FetchHandler, records: unknown[]): Promise<{ status: number; body: Ack }> {
  const response = await handle(post({ records }));
  return { status: response.status, body: (await response.json()) as Ack };
}

/** Two answers with one token, the second with the smaller id, so id order would pick the wrong one. */
function twoAnswers(invitation: string): [FeedbackRecord, FeedbackRecord] {
  const [low, high] = [crypto.randomUUID(), crypto.randomUUID()].sort();
  return [answer({ id: high!, invitation }), answer({ id: low!, invitation, answers: { ...answer().answers, nps: 0 } })];
}

for (const kind of STORE_KINDS) {
  describe(`one answer per invitation token on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
      handle = handlerFor(store);
    });
    after(() => store.close());

    async function stored(ids: string[]): Promise<StoredResponse[]> {
      const response = await handle(read(`?ids=${ids.join(',')}&limit=1000`));
      return ((await response.json()) as { responses: StoredResponse[] }).responses;
    }

    it('stores the token with the answer and gives it back when reading', async () => {
      const invitation = invitationToken();
      const record = answer({ invitation });
      const plain = answer();

      const { status, body } = await send(handle, [record, plain]);

      assert.equal(status, 200);
      assert.deepEqual(body.results, [{ id: record.id, status: 'accepted' }, { id: plain.id, status: 'accepted' }]);
      const rows = await stored([record.id, plain.id]);
      assert.equal(rows.find(r => r.id === record.id)!.invitation, invitation);
      assert.equal('invitation' in rows.find(r => r.id === plain.id)!, false);
    });

    it('answers a second answer for the same token with already-received and does not store it', async () => {
      const [first, second] = twoAnswers(invitationToken());
      await send(handle, [first]);

      const { status, body } = await send(handle, [second]);

      assert.equal(status, 200, 'nothing was invalid');
      assert.deepEqual(body.results, [{ id: second.id, status: 'already-received', reason: ALREADY }]);
      assert.deepEqual((await stored([first.id, second.id])).map(r => r.id), [first.id]);
      assert.equal((await stored([first.id]))[0]!.answers.nps, first.answers.nps);
    });

    it('still answers a replay of the stored record with duplicate', async () => {
      const record = answer({ invitation: invitationToken() });
      await send(handle, [record]);

      const replay = await send(handle, [record]);
      const upper = await send(handle, [{ ...record, id: record.id.toUpperCase() }]);

      assert.deepEqual(replay.body.results, [{ id: record.id, status: 'duplicate' }]);
      assert.deepEqual(upper.body.results, [{ id: record.id.toUpperCase(), status: 'duplicate' }]);
    });

    it('takes the first of two answers with one token in a batch, in the batch’s order', async () => {
      const [first, second] = twoAnswers(invitationToken());
      const other = answer({ invitation: invitationToken() });

      const { status, body } = await send(handle, [first, other, second]);

      assert.equal(status, 200);
      assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'accepted', 'already-received']);
      assert.deepEqual((await stored([first.id, second.id])).map(r => r.id), [first.id]);
    });

    it('takes a later answer with the token when the first one of the batch is invalid', async () => {
      const invitation = invitationToken();
      const invalid = answer({ invitation, answers: { ...answer().answers, nps: 11 } });
      const valid = answer({ invitation });

      const { body } = await send(handle, [invalid, valid]);

      assert.deepEqual(body.results!.map(r => r.status), ['rejected', 'accepted']);
    });

    it('counts a token per survey: the same token may answer another survey once', async () => {
      const invitation = invitationToken();
      const email = (changes: Partial<FeedbackRecord> = {}) =>
        answer({ surveyId: 'email-answer', surveyVersion: 2, channel: 'email', answers: { speed: 4, professionalism: 5, clarity: 3, attention: 4 }, invitation, ...changes });

      const { body } = await send(handle, [answer({ invitation }), email(), email()]);

      assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'accepted', 'already-received']);
    });

    it('answers 200 when every record of a batch is already received or a duplicate', async () => {
      const record = answer({ invitation: invitationToken() });
      await send(handle, [record]);

      const { status, body } = await send(handle, [record, answer({ invitation: record.invitation })]);

      assert.equal(status, 200);
      assert.equal(body.error, undefined);
      assert.deepEqual(body.results!.map(r => r.status), ['duplicate', 'already-received']);
    });

    it('rejects a malformed token with a reason', async () => {
      const cases = ['short', 'has spaces in it', 'x'.repeat(129), 'ünïcode-token'];

      const { status, body } = await send(handle, cases.map(invitation => answer({ invitation })));

      assert.equal(status, 422);
      for (const result of body.results!) {
        assert.equal(result.status, 'rejected');
        assert.match(result.reason!, /invitation: Invitation tokens are 8–128 letters, digits/);
      }
    });

    it('stores one answer per token when answers with one token arrive at the same moment', async () => {
      const tokens = Array.from({ length: 10 }, () => invitationToken());
      const sends = Array.from({ length: 5 }, () => send(handle, tokens.map(invitation => answer({ invitation }))));

      const replies = await Promise.all(sends);

      for (const [index] of tokens.entries()) {
        const statuses = replies.map(reply => reply.body.results![index]!.status).sort();
        assert.deepEqual(statuses, ['accepted', 'already-received', 'already-received', 'already-received', 'already-received']);
      }
      const rows = await sqlOf(store).query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM feedback_responses WHERE invitation = ANY($1::text[])',
        [`{${tokens.join(',')}}`],
      );
      assert.equal(rows[0]!.n, tokens.length);
    });

    if (kind.openTwoAtOnce) {
      it('stores one answer per token with two collector instances on one database', async () => {
        const [a, b] = await kind.openTwoAtOnce!();
        try {
          await Promise.all([a.registerSurveys(SURVEYS), b.registerSurveys(SURVEYS)]);
          const tokens = Array.from({ length: 40 }, () => invitationToken());
          const fromA = tokens.map(invitation => answer({ invitation }));
          const fromB = tokens.map(invitation => answer({ invitation })).reverse(); // another lock order

          const [replyA, replyB] = await Promise.all([send(handlerFor(a), fromA), send(handlerFor(b), fromB)]);

          assert.equal(replyA.status, 200);
          assert.equal(replyB.status, 200);
          const statusOf = new Map([...replyA.body.results!, ...replyB.body.results!].map(r => [r.id, r.status]));
          for (const [index] of tokens.entries()) {
            const pair = [statusOf.get(fromA[index]!.id), statusOf.get(fromB[tokens.length - 1 - index]!.id)].sort();
            assert.deepEqual(pair, ['accepted', 'already-received'], `token ${index}`);
          }
          const rows = await sqlOf(a).query<{ n: number }>('SELECT count(*)::integer AS n FROM feedback_responses');
          assert.equal(rows[0]!.n, tokens.length);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    }

    it('upgrades a database of the first schema and keeps its answers', async () => {
      const old = await kind.open(); // fresh, then taken back to version 1 to replay the upgrade
      try {
        const sql = sqlOf(old);
        await sql.exec('DROP TRIGGER feedback_responses_millis ON feedback_responses; DROP FUNCTION feedback_responses_millis;'); // migration 6
        await sql.exec(UNDO_MIGRATION_4);
        await sql.exec(`DROP TABLE feedback_contacts, feedback_shown, feedback_invitations, feedback_shown_days; DROP FUNCTION feedback_contacts_id;
          DROP INDEX feedback_responses_one_per_invitation; ALTER TABLE feedback_responses DROP COLUMN invitation;
          DELETE FROM feedback_migrations WHERE version > 1;`);
        await old.registerSurveys(SURVEYS);
        const before = answer();
        await sql.query(
          `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers)
           VALUES ($1, 'service-quality', 1, 'web', 'nl', now(), $2::jsonb)`,
          [before.id, JSON.stringify(before.answers)],
        );

        assert.deepEqual(await migrate(sql), MIGRATIONS.slice(1).map(m => m.version));

        const handleOld = handlerFor(old);
        const invitation = invitationToken();
        const { body } = await send(handleOld, [answer({ invitation }), answer({ invitation })]);
        assert.deepEqual(body.results!.map(r => r.status), ['accepted', 'already-received']);
        assert.equal((await old.listResponses({ ids: [before.id], limit: 1 }))[0]!.answers.nps, before.answers.nps);
      } finally {
        await old.close();
      }
    });
  });
}
