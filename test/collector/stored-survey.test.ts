import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import { readStoredSurvey } from '../../src/collector/stored-survey.js';
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import type { Survey } from '../../src/schema/survey.js';
import { answer, api, ORIGIN, post, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';

// Texts giving one language twice in another case (`nl` and `NL`) are refused since 0.1.0's
// schema change; a version registered before that must still take its answers and report.
const OLD = {
  id: 'lobby',
  version: 1,
  questions: [{ kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?', NL: 'Aanraden?', en: 'Recommend?' }, required: true }],
};

describe('readStoredSurvey()', () => {
  it('reads a stored survey with a language given twice, keeping the first tag, as the element showed it', () => {
    const read = readStoredSurvey(structuredClone(OLD));
    assert.equal(read.ok, true);
    assert.deepEqual(read.ok && read.value.questions[0]!.label, { nl: 'Aanbevelen?', en: 'Recommend?' });
  });

  it('still refuses a stored survey with any other problem', () => {
    const read = readStoredSurvey({ ...structuredClone(OLD), version: 0 });
    assert.equal(read.ok, false);
  });
});

for (const kind of STORE_KINDS) {
  describe(`a survey version stored before tags in another case were refused, on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;
    before(async () => {
      store = await kind.open();
      await store.registerSurveys([defaultSurvey()]);
      await store.registerSurveys([OLD as Survey]); // an earlier configuration's, no longer in the files
      handle = createHandler({ store, surveys: [defaultSurvey()], reportToken: TOKEN, allowedOrigins: [ORIGIN], rateLimit: 0 });
    });
    after(() => store.close());

    it('takes the answers a kiosk held for that version, and reports them', async () => {
      const record = answer({ surveyId: 'lobby', surveyVersion: 1, answers: { nps: 7 } });
      const response = await handle(post({ records: [record] }));
      const body = (await response.json()) as { results: unknown[] };
      assert.deepEqual(body.results, [{ id: record.id, status: 'accepted' }]);

      const report = await handle(api('GET', '/api/report?survey=lobby&period=year'));
      assert.equal(report.status, 200, await report.clone().text());
    });
  });
}
