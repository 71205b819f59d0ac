// GET /api/export.xlsx and /api/export.csv through the handler, on a real database: the files an
// agency downloads, re-read cell by cell.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { Survey } from '../../src/schema/survey.js';
import { api, TOKEN } from '../helpers/collector-fixtures.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';
import { record } from '../helpers/report-data.js';

const NOW = new Date('2023-05-01T10:00:00Z');
const SURVEY: Survey = {
  id: 'export-loket',
  version: 1,
  title: { nl: 'Loket' },
  questions: [
    { kind: 'rating', id: 'speed', label: { nl: 'Snelheid van het antwoord' } },
    { kind: 'nps', id: 'nps', label: { nl: 'Aanbevelen?' } },
    { kind: 'comment', id: 'remark', label: { nl: 'Opmerking' } },
  ],
};

const day = (n: number) => `2023-03-${String(n).padStart(2, '0')}T10:00:00.000Z`;

/** The first row at or below `from` whose first cell is `text`. */
function rowOf(sheet: ExcelJS.Worksheet, text: string, from = 1): number {
  for (let row = from; row <= sheet.rowCount; row++) if (sheet.getRow(row).getCell(1).text === text) return row;
  throw new Error(`No row "${text}" in ${sheet.name}`);
}

for (const kind of STORE_KINDS) {
  describe(`GET /api/export.* on ${kind.name}`, () => {
    let store: SqlStore;
    let handle: FetchHandler;

    before(async () => {
      store = await kind.open();
      await store.registerSurveys([SURVEY]);
      handle = createHandler({ store, surveys: [SURVEY], reportToken: TOKEN, rateLimit: 0, clock: () => NOW });
      // Email, H1 2023: speed 5 4 4 2 1 → satisfied 3 (60 %), neutral 0, dissatisfied 2 (40 %), mean 16/5 = 3.20.
      // Web: 2 answers, below the minimum of 5: only n.
      const email = [5, 4, 4, 2, 1].map((speed, i) =>
        record(SURVEY.id, day(i + 1), { speed, nps: 10 - i, remark: i === 0 ? 'Vlot geholpen, dankjewel! "Top"; =1+1' : '' }, { channel: 'email', context: { office: 'Gent' } }),
      );
      const web = [3, 5].map((speed, i) => record(SURVEY.id, day(10 + i), { speed }, { channel: 'web' }));
      // Kiosk: 3 answers, also hidden. Together with web's 2 that is 5, so the total minus email
      // gives nothing away and email stays shown (see protectedGroups()).
      const kiosk = [4, 4, 4].map((speed, i) => record(SURVEY.id, day(20 + i), { speed }, { channel: 'kiosk' }));
      const { inserted } = await store.insertResponses([...email, ...web, ...kiosk]);
      assert.equal(inserted.size, 10);
    });
    after(() => store.close());

    const get = (path: string, token: string | null = TOKEN) => handle(api('GET', path, undefined, token));

    it('streams a workbook named after the survey and period, with the summary per channel like the seed', async () => {
      const response = await get(`/api/export.xlsx?survey=${SURVEY.id}`);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(response.headers.get('content-disposition'), `attachment; filename="feedback-${SURVEY.id}-2023-01-01_2023-06-30.xlsx"`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      assert.deepEqual(workbook.worksheets.map(s => s.name), ['Samenvatting', 'Antwoorden', 'Opmerkingen']);

      const summary = workbook.getWorksheet('Samenvatting')!;
      // The collector's clock (1 May 2023) picked H1 2023, and says it is still running.
      assert.equal(summary.getRow(rowOf(summary, 'Periode')).getCell(2).text, '1 januari 2023 – 30 juni 2023 (loopt nog: antwoorden tot en met 1 mei 2023)');
      const email = rowOf(summary, 'E-mail');
      const speed = rowOf(summary, 'Snelheid van het antwoord', email);
      const cells = [2, 3, 4, 5].map(column => summary.getRow(speed).getCell(column));
      assert.deepEqual(cells.map(cell => cell.value), [0.6, 0, 0.4, 3.2]);
      assert.deepEqual(cells.map(cell => cell.numFmt), ['0.00%', '0.00%', '0.00%', '0.00']);
      const web = rowOf(summary, 'Website');
      const webSpeed = summary.getRow(rowOf(summary, 'Snelheid van het antwoord', web));
      assert.equal(webSpeed.getCell(2).text, 'te weinig antwoorden');
      assert.equal(webSpeed.getCell(6).value, 2, 'n stays visible');

      const answers = workbook.getWorksheet('Antwoorden')!;
      assert.equal(answers.rowCount, 1 + 10, 'a header and one row per answer');
      const comments = workbook.getWorksheet('Opmerkingen')!;
      const texts: string[] = [];
      comments.eachRow(row => row.eachCell(cell => void texts.push(cell.text)));
      assert.ok(texts.includes('Vlot geholpen, dankjewel! "Top"; =1+1'), `the comment is kept as text: ${texts.join(' | ')}`);
    });

    it('exports the answers of the cut as CSV with a BOM and semicolons', async () => {
      const response = await get(`/api/export.csv?survey=${SURVEY.id}&channel=email`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
      assert.equal(lines.length, 1 + 5, 'only the 5 email answers');
      assert.ok(lines[0]!.split(';').length > 5, 'semicolon-separated header');
      // Quoted for the semicolon and the quotes; not a formula start, so no guard quote.
      assert.ok(lines.some(line => line.endsWith(';"Vlot geholpen, dankjewel! ""Top""; =1+1"')), lines.join('\n'));
    });

    it('needs the report token and says what is wrong with bad parameters', async () => {
      assert.equal((await get(`/api/export.xlsx?survey=${SURVEY.id}`, null)).status, 401);
      assert.equal((await get(`/api/export.csv?survey=${SURVEY.id}`, 'wrong')).status, 401);
      for (const delimiter of ['tab', 'constructor', 'toString', '__proto__']) {
        const bad = await get(`/api/export.csv?survey=${SURVEY.id}&delimiter=${delimiter}`);
        assert.equal(bad.status, 400, delimiter);
        assert.match(((await bad.json()) as { error: string }).error, /delimiter: Use semicolon or comma/);
      }
      for (const lang of ['nl-', 'nl-BE-x-foo', 'nl-'.repeat(300_000)]) {
        const bad = await get(`/api/export.csv?survey=${SURVEY.id}&lang=${lang}`);
        assert.equal(bad.status, 400, lang.slice(0, 20));
        assert.match(((await bad.json()) as { error: string }).error, /^lang: /);
      }
      assert.equal((await get('/api/export.xlsx?survey=nope')).status, 404);
      assert.equal((await get(`/api/export.csv?survey=${SURVEY.id}&period=decade`)).status, 400);
      assert.equal((await handle(api('POST', `/api/export.xlsx?survey=${SURVEY.id}`, {}))).status, 405);
      const json = await get(`/api/export.json?survey=${SURVEY.id}`);
      assert.equal(json.status, 404, 'a format there is none of: not found, not "use GET"');
      assert.match(((await json.json()) as { error: string }).error, /No collector endpoint GET \/api\/export\.json/);
    });
  });
}
