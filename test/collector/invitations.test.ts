import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import { CHECK_SETTING, InvitationKeyError, invitationHasher, KEY_SETTING, openInvitationKey } from '../../src/collector/invitation-key.js';
import { HASH_BATCH, migrate, MIGRATIONS } from '../../src/collector/migrations.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, api, contactSurvey, invitationToken, ORIGIN, post, read, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS, UNDO_MIGRATION_4, UNDO_MIGRATION_9 } from '../helpers/collector-stores.js';
import { emailSurvey } from '../helpers/email-survey.mjs';

const SURVEYS: Survey[] = [defaultSurvey(), emailSurvey() as Survey, contactSurvey()];
/** Inside the half-year of the fixtures' answers (2026-03-14), for the comments and the exports. */
const NOW = new Date('2026-03-20T12:00:00Z');
const ALREADY = 'An answer for this invitation was already received';

interface Ack {
  error?: string;
  results?: { id: string; status: string; reason?: string }[];
}

const handlerFor = (store: SqlStore): FetchHandler =>
  createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0, clock: () => NOW });

/** What the database holds for the token of answer `id`, as hex ('' when nothing). */
async function storedHash(store: SqlStore, id: string): Promise<string> {
  const [row] = await sqlOf(store).query<{ hash: string | null }>(
    "SELECT encode(invitation_hash, 'hex') AS hash FROM feedback_responses WHERE id = $1",
    [id],
  );
  return row?.hash ?? '';
}

/** Every cell of every sheet of a workbook, as text. */
async function cellsOf(response: Response): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow(row => row.eachCell(cell => cells.push(cell.text)));
  return cells.join('\n');
}

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

    it('never gives the token back: not in the answers, comments or exports', async () => {
      // Whoever holds the sender's list (token → address) must not learn from the API who answered what.
      const invitation = invitationToken();
      const record = answer({ invitation, answers: { ...answer().answers, comment: 'Te traag' } });
      const plain = answer();

      const { status, body } = await send(handle, [record, plain]);

      assert.equal(status, 200);
      assert.deepEqual(body.results, [{ id: record.id, status: 'accepted' }, { id: plain.id, status: 'accepted' }]);
      const rows = await stored([record.id, plain.id]);
      assert.deepEqual(rows.map(r => r.id).sort(), [record.id, plain.id].sort());
      assert.deepEqual(rows.map(r => 'invitation' in r), [false, false]);
      const hash = await storedHash(store, record.id);
      const reads = {
        responses: await handle(read(`?ids=${record.id}`)),
        comments: await handle(api('GET', '/api/comments?survey=service-quality')),
        csv: await handle(api('GET', '/api/export.csv?survey=service-quality')),
      };
      for (const [name, response] of Object.entries(reads)) {
        assert.equal(response.status, 200, name);
        const text = await response.text();
        assert.ok(text.includes(record.id) || text.includes('Te traag'), `${name} holds the answer`);
        assert.ok(!text.includes(invitation) && !text.includes(hash), `${name} holds neither the token nor its hash`);
      }
      const xlsx = await cellsOf(await handle(api('GET', '/api/export.xlsx?survey=service-quality')));
      assert.ok(xlsx.includes('Te traag'), 'the workbook holds the answer');
      assert.ok(!xlsx.includes(invitation) && !xlsx.includes(hash), 'the workbook holds neither the token nor its hash');
    });

    it('stores a keyed hash of survey and token: neither the token nor its plain SHA-256', async () => {
      const invitation = invitationToken();
      const record = answer({ invitation });
      await send(handle, [record]);

      const hash = await storedHash(store, record.id);
      const dump = JSON.stringify(await sqlOf(store).query('SELECT * FROM feedback_responses WHERE id = $1', [record.id]));

      assert.match(hash, /^[0-9a-f]{64}$/);
      assert.ok(!dump.includes(invitation), 'the raw token is in no column');
      for (const text of [invitation, `service-quality\n${invitation}`]) {
        assert.notEqual(hash, createHash('sha256').update(text).digest('hex'), 'no unkeyed SHA-256');
      }
      const [key] = await sqlOf(store).query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [KEY_SETTING]);
      assert.equal(hash, await (await invitationHasher(key!.value)).hash('service-quality', invitation), 'HMAC-SHA-256 with the kept key');
      const other = answer({ surveyId: 'call-back', answers: { speed: 3 }, invitation });
      assert.equal((await send(handle, [other])).body.results![0]!.status, 'accepted');
      assert.notEqual(await storedHash(store, other.id), hash, 'another survey, another hash: one token does not link answers across surveys');
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
      const ids = replies.flatMap(reply => reply.body.results!.filter(r => r.status === 'accepted').map(r => r.id));
      const rows = await sqlOf(store).query<{ n: number }>(
        'SELECT count(DISTINCT invitation_hash)::integer AS n FROM feedback_responses WHERE id = ANY($1::uuid[])',
        [`{${ids.join(',')}}`],
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
        await sql.exec(UNDO_MIGRATION_9);
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

    it('hashes the tokens stored before migration 9, in rounds; one answer per token and the later call-back request still hold', async () => {
      const old = await kind.open(); // fresh, then taken back to before migration 9 to replay it
      try {
        const sql = sqlOf(old);
        await old.registerSurveys(SURVEYS);
        await sql.exec(UNDO_MIGRATION_9);
        // More than one round of HASH_BATCH, as a collector stored them: raw tokens.
        const n = HASH_BATCH + 3;
        await sql.query(
          `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers, invitation)
           SELECT gen_random_uuid(), 'call-back', 1, 'email', 'nl', now(), '{"speed": 4}'::jsonb, 'tok-' || lpad(g::text, 6, '0')
           FROM generate_series(1, $1::integer) AS g`,
          [n],
        );
        const first = answer({ surveyId: 'call-back', answers: { speed: 2 }, invitation: invitationToken() });
        await sql.query(
          `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers, invitation)
           VALUES ($1, 'call-back', 1, 'email', 'nl', now(), '{"speed": 2}'::jsonb, $2)`,
          [first.id, first.invitation],
        );
        const plain = answer();
        await sql.query(
          `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers)
           VALUES ($1, 'service-quality', 1, 'web', 'nl', now(), $2::jsonb)`,
          [plain.id, JSON.stringify(plain.answers)],
        );

        assert.deepEqual(await migrate(sql), [9]);

        const columns = await sql.query<{ name: string }>(
          "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'feedback_responses' AND table_schema = current_schema() AND column_name LIKE 'invitation%'",
        );
        assert.deepEqual(columns.map(c => c.name), ['invitation_hash'], 'the raw tokens are gone');
        const [counted] = await sql.query<{ hashed: number; distinct: number }>(
          'SELECT count(invitation_hash)::integer AS hashed, count(DISTINCT invitation_hash)::integer AS distinct FROM feedback_responses',
        );
        assert.deepEqual(counted, { hashed: n + 1, distinct: n + 1 });
        const [key] = await sql.query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [KEY_SETTING]);
        const hasher = await invitationHasher(key!.value);
        assert.equal(await storedHash(old, first.id), await hasher.hash('call-back', first.invitation!));
        assert.equal(await storedHash(old, plain.id), '');

        // The same link answered again after the update, asking to be called: not stored, the request kept.
        const handleOld = handlerFor(old);
        const late = answer({ surveyId: 'call-back', answers: { speed: 5 }, invitation: first.invitation, contact: { consent: true, email: 'an@example.be' } });
        const { body } = await send(handleOld, [late, answer({ surveyId: 'call-back', answers: { speed: 1 }, invitation: 'tok-000007' })]);
        assert.deepEqual(body.results!.map(r => r.status), ['already-received', 'already-received']);
        const requests = await old.listContacts({ limit: 10 });
        assert.deepEqual(requests.map(c => [c.id, c.responseId, c.email]), [[late.id, first.id, 'an@example.be']]);
        const fresh = answer({ surveyId: 'call-back', answers: { speed: 1 }, invitation: invitationToken() });
        assert.deepEqual((await send(handleOld, [fresh])).body.results!.map(r => r.status), ['accepted']);
      } finally {
        await old.close();
      }
    });

    it('keeps a key given by INVITATION_KEY out of the database, and refuses to start with another key', async () => {
      const fresh = await kind.open();
      try {
        const sql = sqlOf(fresh);
        const generated = (await sql.query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [KEY_SETTING]))[0]!.value;
        assert.match(generated, /^[0-9a-f]{64}$/, 'a random key, made at first start');

        await assert.rejects(openInvitationKey(sql, 'another-key-0123456789abcdef0123456789'), InvitationKeyError);
        // Moving the generated key out: given as INVITATION_KEY, it is deleted from the database.
        const given = await openInvitationKey(sql, generated);
        assert.deepEqual(await sql.query('SELECT value FROM feedback_settings WHERE key = $1', [KEY_SETTING]), []);
        assert.equal(await given.hash('s', 'token-123'), await (await invitationHasher(generated)).hash('s', 'token-123'));
        assert.equal((await sql.query('SELECT 1 FROM feedback_settings WHERE key = $1', [CHECK_SETTING])).length, 1, 'a check value stays');
        await assert.rejects(openInvitationKey(sql), /Set the same INVITATION_KEY here/);
        await assert.rejects(openInvitationKey(sql, 'another-key-0123456789abcdef0123456789'), /not the key the stored invitation hashes were made with/);
        await openInvitationKey(sql, generated);
      } finally {
        await fresh.close();
      }
    });
  });
}
