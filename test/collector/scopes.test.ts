// Scoped read tokens (REPORT_SCOPES, createHandler's `scopes`): a team reads its own report,
// comments and exports, and nothing else, on a real database.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../src/collector/config.js';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { ReportScope } from '../../src/collector/report-scope.js';
import { loadScopes } from '../../src/collector/server.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Report } from '../../src/report/report-schema.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, api, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';

const NOW = new Date('2026-04-01T10:00:00Z');
const GENT_1 = 'scope-gent-1-token-0123456789';
const TINY = 'scope-tiny-token-0123456789ab';
const ONLY_OTHER = 'scope-other-survey-token-0123';
const OTHER: Survey = { id: 'loket', version: 1, questions: [{ kind: 'rating', id: 'speed', label: { nl: 'Snelheid' } }, { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } }] };
const SURVEYS = [defaultSurvey(), OTHER];
const SCOPES: ReportScope[] = [
  { token: GENT_1, context: { team: 'Gent-1' } },
  { token: TINY, context: { team: 'Tiny' }, surveyId: 'service-quality' },
  { token: ONLY_OTHER, context: { team: 'Gent-1' }, surveyId: 'loket' },
];
const SQ = 'survey=service-quality';

/** `n` answers of team `team`, each with the comment "<team> n". */
const answers = (team: string, n: number, channel: 'web' | 'kiosk' = 'web') =>
  Array.from({ length: n }, (_, i) =>
    answer({ channel, context: { office: 'gent', team }, answers: { reliability: 4, credibility: 5, tangibles: 3, empathy: 4, responsiveness: 2, nps: 9, comment: `${team} ${i + 1}` } }),
  );

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

for (const kind of STORE_KINDS) {
  describe(`scoped read tokens on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    const get = (path: string, token: string | null) => handle(api('GET', path, undefined, token));
    const report = async (query: string, token: string) => {
      const response = await get(`/api/report?${query}`, token);
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as Report;
    };

    before(async () => {
      store = await kind.open();
      await store.registerSurveys(SURVEYS);
      handle = createHandler({ store, surveys: SURVEYS, reportToken: TOKEN, scopes: SCOPES, rateLimit: 0, clock: () => NOW });
      // Gent-1: 6 on the web and 1 at the kiosk; Gent-2: 8; Tiny: 2, too few to show.
      const { inserted } = await store.insertResponses([...answers('Gent-1', 6), ...answers('Gent-1', 1, 'kiosk'), ...answers('Gent-2', 8), ...answers('Tiny', 2)]);
      assert.equal(inserted.size, 17);
    });
    after(() => store.close());

    describe('what a scoped token reads', () => {
      it("gives the report of its own team only, the same as the full token's report filtered on that team", async () => {
        const scoped = await report(SQ, GENT_1);
        const filtered = await report(`${SQ}&context.team=Gent-1`, TOKEN);

        assert.equal(scoped.total.answers, 7);
        assert.deepEqual(scoped.filters.context, { team: 'Gent-1' });
        assert.deepEqual(scoped, filtered);
        assert.equal((await report(SQ, TOKEN)).total.answers, 17, 'the full token still reads everyone');
      });

      it('takes other filters and breakdowns within its scope', async () => {
        const web = await report(`${SQ}&channel=web&context.office=gent&breakdown=channel`, GENT_1);
        const same = await report(`${SQ}&context.team=Gent-1`, GENT_1);
        const byTeam = await report(`${SQ}&breakdown=team`, GENT_1);

        assert.equal(web.total.answers, 6);
        assert.deepEqual(web.filters.context, { office: 'gent', team: 'Gent-1' });
        assert.equal(same.total.answers, 7, 'asking its own value is asking nothing else');
        assert.deepEqual(byTeam.groups.map(g => [g.key, g.answers]), [['Gent-1', 7]], 'a breakdown by its key shows its own value only');
      });

      it('refuses another value of its key with a 403 that says why', async () => {
        for (const path of [`/api/report?${SQ}&context.team=Gent-2`, `/api/comments?${SQ}&context.team=Gent-2`, `/api/export.csv?${SQ}&context.team=Gent-2`]) {
          const response = await get(path, GENT_1);
          assert.equal(response.status, 403, path);
          assert.match(await errorOf(response), /This token is scoped to team=Gent-1: context\.team=Gent-2 is outside it/);
        }
      });

      it('keeps a team too small to show hidden, exactly as a filter on it does', async () => {
        const scoped = await report('', TINY);
        const filtered = await report(`${SQ}&context.team=Tiny`, TOKEN);

        assert.equal(scoped.total.answers, 2);
        assert.ok(scoped.total.results.every(result => result.current.hidden), 'no figures for 2 answers');
        assert.deepEqual(scoped, filtered);
      });

      it('lists the comments of its own team only', async () => {
        const response = await get(`/api/comments?${SQ}&limit=100`, GENT_1);
        assert.equal(response.status, 200);
        const { comments } = (await response.json()) as { comments: { text: string; context: Record<string, string> }[] };

        assert.equal(comments.length, 7);
        assert.ok(comments.every(c => c.context.team === 'Gent-1' && c.text.startsWith('Gent-1 ')), JSON.stringify(comments));
      });

      it('exports the rows of its own team only', async () => {
        const response = await get(`/api/export.csv?${SQ}`, GENT_1);
        assert.equal(response.status, 200);
        const lines = (await response.text()).split('\r\n').filter(Boolean);

        assert.equal(lines.length, 1 + 7, lines.join('\n'));
        assert.ok(lines.slice(1).every(line => line.includes(';Gent-1;') && !line.includes('Gent-2')), lines.join('\n'));
        assert.equal((await get(`/api/export.xlsx?${SQ}`, GENT_1)).status, 200);
      });

      it('keeps to the survey of its scope, and takes it when the request names none', async () => {
        const wrong = await get(`/api/report?survey=loket`, TINY);
        const ownSurvey = await report('', ONLY_OTHER);

        assert.equal(wrong.status, 403);
        assert.match(await errorOf(wrong), /scoped to team=Tiny, survey=service-quality: survey=loket is outside it/);
        assert.equal(ownSurvey.surveyId, 'loket');
        assert.equal(ownSurvey.total.answers, 0);
      });
    });

    describe('what a scoped token may not do', () => {
      it('reads no raw answers, contact requests or counts and registers no invitations: 403, saying the token is scoped', async () => {
        const id = crypto.randomUUID();
        const requests = [
          api('GET', '/api/responses', undefined, GENT_1),
          api('GET', '/api/contacts', undefined, GENT_1),
          api('PATCH', `/api/contacts/${id}`, { handled: true }, GENT_1),
          api('DELETE', `/api/contacts/${id}`, undefined, GENT_1),
          api('GET', '/api/counts', undefined, GENT_1),
          api('POST', '/api/invitations', { surveyId: 'service-quality', channel: 'email', day: '2026-03-01', count: 10 }, GENT_1),
        ];
        for (const request of requests) {
          const response = await handle(request);
          assert.equal(response.status, 403, `${request.method} ${request.url}`);
          assert.match(await errorOf(response), /This token is scoped to team=Gent-1: it reads only that cut of the report, comments and exports\. .* needs the REPORT_TOKEN\./);
        }
        assert.equal((await get('/api/counts', TOKEN)).status, 200, 'the full token keeps doing everything');
        assert.equal((await get('/api/responses', TOKEN)).status, 200);
        assert.equal((await get('/api/contacts', TOKEN)).status, 200);
      });

      it('leaves an unknown token a 401', async () => {
        const response = await get(`/api/report?${SQ}`, 'scope-gent-1-token-0123456780');
        assert.equal(response.status, 401);
        assert.match(await errorOf(response), /That report token is not valid/);
      });
    });
  });
}

describe('scopes configuration', () => {
  const make = (scopes: unknown) => () => createHandler({ store: {} as never, surveys: [defaultSurvey()], reportToken: TOKEN, scopes: scopes as ReportScope[] });

  it('refuses bad entries at startup, naming the entry', () => {
    const good = { token: GENT_1, context: { team: 'Gent-1' } };
    const cases: [unknown, RegExp][] = [
      [[good, { token: GENT_1, context: { team: 'Gent-2' } }], /scopes entry 2 \(team=Gent-2\): the same token as entry 1 \(team=Gent-1\)/],
      [[{ token: TOKEN, context: { team: 'Gent-1' } }], /scopes entry 1 \(team=Gent-1\): the token is REPORT_TOKEN, which reads everything/],
      [[good, { token: 'short', context: { team: 'Gent-2' } }], /scopes entry 2 \(team=Gent-2\): token: Use at least 16 letters/],
      [[{ ...good, team: 'Gent-1' }], /scopes entry 1 \(team=Gent-1\): Unknown key\(s\) "team"/],
      [[{ token: TINY, context: {} }], /scopes entry 1: context: Give at least one context key/],
      [[{ token: TINY, context: { team: '' } }], /scopes entry 1 \(team=\): context: Give each key a value/],
      [[{ token: TINY, context: { 'a b': 'x' } }], /scopes entry 1 \(a b=x\): context\.a b: .*Context keys are/],
      [[{ token: TINY, context: { team: 'x' }, surveyId: '1bad' }], /scopes entry 1 \(team=x\): surveyId: Use 1–64 letters/],
      [{ token: TINY }, /scopes Expected array/],
    ];
    for (const [scopes, message] of cases) assert.throws(make(scopes), (error: Error) => error instanceof TypeError && message.test(error.message), JSON.stringify(scopes));
  });

  it('takes none, or a list of good ones', () => {
    assert.doesNotThrow(make(undefined));
    assert.doesNotThrow(make(SCOPES));
  });

  describe('REPORT_SCOPES', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'scopes-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('is passed on by readConfig as given', () => {
      const settings = readConfig({ REPORT_SCOPES: ' ./scopes.json ' });
      assert.ok(settings.ok);
      assert.equal(settings.config.reportScopes, './scopes.json');
    });

    it('reads inline JSON or a JSON file', async () => {
      const file = join(dir, 'scopes.json');
      await writeFile(file, JSON.stringify(SCOPES));

      assert.deepEqual(await loadScopes(JSON.stringify(SCOPES), TOKEN), SCOPES);
      assert.deepEqual(await loadScopes(file, TOKEN), SCOPES);
      assert.deepEqual(await loadScopes(undefined, TOKEN), []);
    });

    it('says which setting, file and entry is wrong', async () => {
      const file = join(dir, 'twice.json');
      await writeFile(file, JSON.stringify([SCOPES[0], SCOPES[0]]));

      await assert.rejects(loadScopes(file, TOKEN), new RegExp(`REPORT_SCOPES file ${file.replace(/[.\\/]/g, '\\$&')}: entry 2 \\(team=Gent-1\\): the same token as entry 1`));
      await assert.rejects(loadScopes(join(dir, 'missing.json'), TOKEN), /REPORT_SCOPES: no file at .*missing\.json/);
      await assert.rejects(loadScopes('[{"token": "x"', TOKEN), /REPORT_SCOPES: The value is not JSON/);
      await assert.rejects(loadScopes(`[{"token": "${TINY}", "context": {"team": "a"}, "context": {"team": "b"}}]`, TOKEN), /REPORT_SCOPES: The key "context" appears twice/);
      await assert.rejects(loadScopes(JSON.stringify([{ token: TOKEN, context: { team: 'x' } }]), TOKEN), /REPORT_SCOPES: entry 1 \(team=x\): the token is REPORT_TOKEN/);
    });
  });
});
