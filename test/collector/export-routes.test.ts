// GET /api/export.xlsx and /api/export.csv through the handler, on a real database: the files an
// agency downloads, re-read cell by cell.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createHandler, type FetchHandler } from '../../src/collector/handler.js';
import { receivedCut } from '../../src/collector/cut-sql.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { Survey } from '../../src/schema/survey.js';
import { api, TOKEN } from '../helpers/collector-fixtures.js';
import { sqlOf, STORE_KINDS } from '../helpers/collector-stores.js';
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

async function workbookOf(response: Response): Promise<ExcelJS.Workbook> {
  assert.equal(response.status, 200, await response.clone().text());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** What one workbook says of its answers: the summary's total, the rows of the answers sheet. */
function countsOf(workbook: ExcelJS.Workbook): { summary: number; rows: number } {
  const summary = workbook.getWorksheet('Samenvatting')!;
  const total = summary.getRow(rowOf(summary, 'Antwoorden', rowOf(summary, 'Totaal'))).getCell(2).value as number;
  return { summary: total, rows: workbook.getWorksheet('Antwoorden')!.rowCount - 1 };
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
      // Kiosk: 3 answers, also hidden. Email stays shown: a small channel hides no other (see
      // protectedGroups()).
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

for (const kind of STORE_KINDS) {
  describe(`one export is one cut, on ${kind.name}`, () => {
    let store: SqlStore;
    before(async () => {
      store = await kind.open();
      await store.registerSurveys([SURVEY]);
      await store.insertResponses([4, 5, 3].map((speed, i) => record(SURVEY.id, day(i + 1), { speed }, { channel: 'kiosk' })));
    });
    after(() => store.close());

    /** The handler over `store`, where `arrive` runs once, right after the first summary query: a kiosk flushing its backlog. */
    function busyHandler(arrive: () => Promise<unknown>): FetchHandler {
      let arrived = false;
      const reportRows: SqlStore['reportRows'] = async (...args) => {
        const rows = await store.reportRows(...args);
        if (!arrived) await (arrived = true, arrive());
        return rows;
      };
      const busy = Object.create(store, { reportRows: { value: reportRows } }) as SqlStore;
      return createHandler({ store: busy, surveys: [SURVEY], reportToken: TOKEN, rateLimit: 0, clock: () => NOW });
    }

    it('keeps an answer stored while the summary is worked out from both the summary and the rows, and puts it in the next export', async () => {
      // Submitted in the period on an old date, so it sorts before the answers already there.
      const late = record(SURVEY.id, day(1).replace('10:00', '09:00'), { speed: 1 }, { channel: 'kiosk' });
      const busy = busyHandler(() => store.insertResponses([late]));
      const workbook = await workbookOf(await busy(api('GET', `/api/export.xlsx?survey=${SURVEY.id}`, undefined, TOKEN)));
      const summary = workbook.getWorksheet('Samenvatting')!;
      const first = { counts: countsOf(workbook), cut: summary.getRow(rowOf(summary, 'Antwoorden ontvangen tot')).getCell(2).text };
      assert.deepEqual(first.counts, { summary: 3, rows: 3 }, 'the summary and its rows agree');
      assert.match(first.cut, /^\d{1,2} \w+ \d{4} \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)$/, 'the title block names the cut');
      const next = countsOf(await workbookOf(await handleOf(store)(api('GET', `/api/export.xlsx?survey=${SURVEY.id}`, undefined, TOKEN))));
      assert.deepEqual(next, { summary: 4, rows: 4 }, 'the late answer is not lost');
    });

    // PGlite runs one statement at a time, so nothing is half-stored when the cut is taken.
    if (kind.name === 'PostgreSQL') it('waits for an answer being stored when the cut is taken, so the summary and the rows both hold it', async () => {
      const sql = sqlOf(store);
      const before = countsOf(await workbookOf(await handleOf(store)(api('GET', `/api/export.xlsx?survey=${SURVEY.id}`, undefined, TOKEN))));
      // A kiosk's batch on another connection: its received_at is its transaction's start, before the cut.
      let commit!: () => void;
      const committing = new Promise<void>(resolve => (commit = resolve));
      let begun!: (at: string) => void;
      const started = new Promise<string>(resolve => (begun = resolve));
      const writer = sql.session(async own => {
        await own.query('BEGIN');
        await own.query(
          `INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, answers)
           VALUES ($1, $2, 1, 'kiosk', 'nl', $3, '{"speed": 2}'::jsonb)`,
          [crypto.randomUUID(), SURVEY.id, day(2)],
        );
        const [clock] = await own.query<{ at: Date }>('SELECT clock_timestamp() AS at');
        begun(new Date(clock!.at).toISOString());
        await committing;
        await own.query('COMMIT');
      });
      const began = await started;
      let answered = false;
      const exported = handleOf(store)(api('GET', `/api/export.xlsx?survey=${SURVEY.id}`, undefined, TOKEN)).finally(() => (answered = true));
      // The batch commits once the export has taken its cut and looks for transactions still running
      // (or, on code that does not, once the export has answered).
      const looking = (async () => {
        while (!answered) {
          const [seen] = await sql.query<{ n: number }>(
            // Built with concat(), so that this query's own text, left on its connection, does not match.
            // query_start: the earlier export's connections may still show the same query.
            `SELECT count(*)::integer AS n FROM pg_stat_activity
             WHERE pid <> pg_backend_pid() AND query_start > $1 AND position(concat('backend_type = ', chr(39), 'client backend') IN query) > 0`,
            [began],
          );
          if (seen!.n > 0) return;
        }
      })();
      await Promise.race([looking, exported]);
      commit();
      await writer;
      const during = countsOf(await workbookOf(await exported));
      assert.deepEqual(during, { summary: before.summary + 1, rows: before.rows + 1 });
    });

    if (kind.name === 'PostgreSQL') it('tells the operator which transaction held an export up past its wait, and waits no longer', async () => {
      const sql = sqlOf(store);
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      await receivedCut(sql, { log, maxWaitMs: 200 });
      assert.deepEqual(lines, [], 'nothing to say when no transaction is open');
      // A transaction left open by hand, on another connection (a psql session at lunch).
      let end!: () => void;
      const ended = new Promise<void>(resolve => (end = resolve));
      let opened!: (pid: number) => void;
      const pid = new Promise<number>(resolve => (opened = resolve));
      const idle = sql.session(async own => {
        await own.query('BEGIN');
        const [row] = await own.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        opened(row!.pid);
        await ended;
        await own.query('ROLLBACK');
      });
      const held = await pid;
      try {
        // The cut is in whole milliseconds: a transaction begun within its millisecond stores after it,
        // so it is no reason to wait. This one began well before.
        await sql.query('SELECT pg_sleep(0.01)');
        const cut = await receivedCut(sql, { log, maxWaitMs: 200 });
        assert.ok(cut instanceof Date && !Number.isNaN(cut.getTime()), 'the export still gets its cut');
        assert.equal(lines.length, 1, 'one line for the operator');
        assert.match(lines[0]!, new RegExp(`^export: waited 0.2 s for 1 database transaction\\(s\\) begun before its cut and still open.*Process id\\(s\\): ${held} \\(since `));
      } finally {
        end();
        await idle;
      }
    });
  });
}

const handleOf = (store: SqlStore) => createHandler({ store, surveys: [SURVEY], reportToken: TOKEN, rateLimit: 0, clock: () => NOW });
