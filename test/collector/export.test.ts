// The Excel and CSV exports, re-read and checked cell by cell against figures worked out by hand
// from test/helpers/export-fixtures.ts (no database: the report comes from summarize()).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { csvField, writeCsv } from '../../src/collector/export-csv.js';
import { exportFileName, parseExportParams } from '../../src/collector/export-options.js';
import { wallClock } from '../../src/collector/export-time.js';
import { EXPORT_LABELS } from '../../src/collector/export-labels.js';
import { storeResponses } from '../../src/collector/export-source.js';
import type { ExportInput, ExportResponse } from '../../src/collector/export-table.js';
import { EXCEL_MAX_ROWS, excelJsAvailable, workbookStream, writeWorkbook, type WorkbookOptions } from '../../src/collector/export-xlsx.js';
import type { SqlStore } from '../../src/collector/sql-store.js';
import type { StoredResponse } from '../../src/collector/store.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import { surveyCatalog } from '../../src/report/report-questions.js';
import { STORE_KINDS } from '../helpers/collector-stores.js';
import { CATALOG, countingSource, CURRENT, PREVIOUS, QUERY, report, SECRET_TOKEN, SURVEY } from '../helpers/export-fixtures.js';

const KEYS = ['office', 'staff', 'team'];
const input = (changes: Partial<ExportInput> = {}): ExportInput => ({ report: report(), catalog: CATALOG, responses: () => CURRENT, contextKeys: KEYS, ...changes });

async function workbookOf(exportInput: ExportInput, options?: WorkbookOptions): Promise<ExcelJS.Workbook> {
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on('data', (part: Buffer) => parts.push(part));
  await writeWorkbook(exportInput, output, options);
  return load(Buffer.concat(parts));
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A cell's value with inline rich text read as its plain text; null when empty. */
function valueOf(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map(run => run.text).join('');
  return value ?? null;
}

/** Values of columns 1…width of a row (width: the expected row's length). */
const rowOf = (sheet: ExcelJS.Worksheet, row: number, width: number) =>
  Array.from({ length: width }, (_, i) => valueOf(sheet.getRow(row).getCell(i + 1)));
const formatsOf = (sheet: ExcelJS.Worksheet, row: number, width: number) =>
  Array.from({ length: width }, (_, i) => sheet.getRow(row).getCell(i + 1).numFmt ?? null);

/** Checks `expected` row by row from `first`, cell by cell. */
function assertRows(sheet: ExcelJS.Worksheet, first: number, expected: unknown[][]): void {
  expected.forEach((cells, i) => assert.deepEqual(rowOf(sheet, first + i, Math.max(cells.length, 1)), cells.length ? cells : [null], `${sheet.name} row ${first + i}`));
}

/** The row whose first cell is `text`. */
function rowWith(sheet: ExcelJS.Worksheet, text: string, after = 0): number {
  for (let row = after + 1; row <= sheet.rowCount; row++) if (valueOf(sheet.getRow(row).getCell(1)) === text) return row;
  assert.fail(`no row "${text}" in ${sheet.name}`);
}

const sheet = (workbook: ExcelJS.Workbook, name: string) => workbook.getWorksheet(name) ?? assert.fail(`no sheet ${name}`);
/** A wall-clock time as exceljs reads it back: a Date whose UTC fields are the local time. */
const wall = (text: string) => new Date(`${text}Z`);

const P = '0.00%';
const D = '0.00';
const PT = '+0.00" pt";-0.00" pt";0.00" pt"';
const S = '+0.00;-0.00;0.00';
const RATING_HEADER = ['Vraag', 'Tevreden', 'Neutraal', 'Ontevreden', 'Score op 5', 'Aantal (n)'];
const NPS_HEADER = ['Vraag', 'NPS-score', 'Promotors', 'Passief', 'Criticasters', 'Aantal (n)'];
const RATING_CHANGES = [...RATING_HEADER, 'Verschil tevreden', 'Verschil ontevreden', 'Verschil score', 'Evolutie'];
const NPS_CHANGES = [...NPS_HEADER, 'Verschil NPS-score', 'Verschil promotors', 'Verschil criticasters', 'Evolutie'];
const SPEED = 'Snelheid van het antwoord';
const CLARITY = 'Duidelijkheid van de informatie';
const NPS = 'Zou u ons aanbevelen?';
const CURRENT_PERIOD = 'Periode: 1 januari 2023 – 30 juni 2023';
const PREVIOUS_PERIOD = 'Vorige periode: 1 juli 2022 – 31 december 2022';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const ANSWER_HEADER = [
  'Id',
  'Ingediend (lokale tijd Europe/Brussels)',
  'UTC-offset',
  'Kanaal',
  'Taal',
  'Versie',
  'office',
  'staff',
  'team',
  `speed: ${SPEED}`,
  `clarity: ${CLARITY}`,
  `nps: ${NPS}`,
  'remark: Opmerking',
  'improve: Wat kunnen we beter doen?',
];
const HYPERLINK = '=HYPERLINK("http://evil.example","klik")';
const SCRIPT = 'Lijn 1\nLijn 2 <script>alert(1)</script>';
const FRENCH = 'Très bien géré, ça va! "Top"; merci';
const GERMAN = 'Schöne Grüße, über alles zufrieden';
const ARABIC = 'شكرا جزيلا';

describe('writeWorkbook()', () => {
  describe('summary sheet', () => {
    it('names the sheets in Dutch, in order: summary, answers, comments', async () => {
      const workbook = await workbookOf(input());
      assert.deepEqual(workbook.worksheets.map(s => s.name), ['Samenvatting', 'Antwoorden', 'Opmerkingen']);
    });

    it('opens with the title block: survey, periods, zone, filters, breakdown, minimum', async () => {
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      assertRows(summary, 1, [
        ['Tevredenheid klantendienst'],
        ['Enquête', 'loket'],
        ['Periode', '1 januari 2023 – 30 juni 2023'],
        ['Vorige periode', '1 juli 2022 – 31 december 2022'],
        ['Tijdzone', 'Europe/Brussels'],
        ['Filters', 'geen'],
        ['Uitsplitsing', 'per kanaal'],
        ['Minimum aantal antwoorden', 3],
      ]);
      assert.equal(summary.getCell('A1').font?.bold, true);
    });

    it('says up to which moment it holds the answers received, in the report’s zone with its offset', async () => {
      // The export's cut fell in the second 02:15 of the night the clocks went back.
      const summary = sheet(await workbookOf(input({ asOf: new Date('2026-10-25T01:15:00Z'), now: new Date('2023-07-01T10:00:00Z') })), 'Samenvatting');
      assertRows(summary, 3, [
        ['Periode', '1 januari 2023 – 30 juni 2023'],
        ['Antwoorden ontvangen tot', '25 oktober 2026 02:15:00 (UTC+01:00)'],
        ['Vorige periode', '1 juli 2022 – 31 december 2022'],
      ]);
    });

    it('writes French with its no-break spaces, the running period and the rate\'s base', async () => {
      const workbook = await workbookOf(input({ locale: 'fr', now: new Date('2023-05-01T10:00:00Z') }));
      const summary = sheet(workbook, 'Synthèse');
      assertRows(summary, 3, [['Période', '1 janvier 2023 – 30 juin 2023 (en cours\u00a0: réponses jusqu’au 1 mai 2023 inclus)']]);
      const email = rowWith(summary, 'E-mail');
      assertRows(summary, email + 1, [['Période\u00a0: 1 janvier 2023 – 30 juin 2023']]);
      assert.equal(summary.getRow(rowWith(summary, 'Taux de réponse', email)).getCell(3).text, '4 réponses pour 20 invitations');
      const header: string[] = [];
      sheet(workbook, 'Réponses').getRow(1).eachCell(cell => void header.push(cell.text));
      assert.ok(header.some(text => text.startsWith('speed\u00a0: ')), header.join(' | '));
    });

    it('names times shown as the base where nothing was invited', () => {
      assert.deepEqual(
        (['nl', 'fr', 'de', 'en'] as const).map(locale => EXPORT_LABELS[locale].rateDetail(1, 12, 'shown')),
        ['1 antwoord op 12 weergaven', '1 réponse pour 12 affichages', '1 Antwort bei 12 Anzeigen', '1 answer from 12 views'],
      );
    });

    it('says when the period has not ended: its figures hold the answers so far', async () => {
      // 23:30 UTC on 14 January is 00:30 on 15 January in Brussels.
      const during = sheet(await workbookOf(input({ now: new Date('2023-01-14T23:30:00Z') })), 'Samenvatting');
      const last = sheet(await workbookOf(input({ now: new Date('2023-06-30T12:00:00Z') })), 'Samenvatting');
      const after = sheet(await workbookOf(input({ now: new Date('2023-06-30T22:30:00Z') })), 'Samenvatting');
      assertRows(during, 3, [['Periode', '1 januari 2023 – 30 juni 2023 (loopt nog: antwoorden tot en met 15 januari 2023)']]);
      assertRows(last, 3, [['Periode', '1 januari 2023 – 30 juni 2023 (loopt nog: antwoorden tot en met 30 juni 2023)']]);
      assertRows(after, 3, [['Periode', '1 januari 2023 – 30 juni 2023']]);
    });

    it('lays out the total like the seed: percentages as fractions formatted 0.00%, the mean as 0.00', async () => {
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      const top = rowWith(summary, 'Totaal');
      // speed 5,4,2,3,5,1: 3 satisfied, 1 neutral, 2 dissatisfied of 6 → 50.00 / 16.67 / 33.33 (largest
      // remainder gives the last hundredth to neutral), mean 20/6 = 3.33. clarity 4,3,5: 66.67 / 33.33 / 0, 4.00.
      // NPS 10,9,6,8,10,3: 3 promoters, 1 passive, 2 detractors → 16.67.
      assertRows(summary, top, [
        ['Totaal'],
        [CURRENT_PERIOD],
        ['Antwoorden', 6],
        RATING_HEADER,
        [SPEED, 0.5, 0.1667, 0.3333, 3.33, 6],
        [CLARITY, 0.6667, 0.3333, 0, 4, 3],
        NPS_HEADER,
        [NPS, 16.67, 0.5, 0.1667, 0.3333, 6],
      ]);
      assert.deepEqual(formatsOf(summary, top + 4, 5), [null, P, P, P, D]);
      assert.deepEqual(formatsOf(summary, top + 7, 5), [null, D, P, P, P]);
      assert.equal(summary.getRow(top + 3).getCell(2).font?.bold, true, 'header row in bold');
    });

    it('names the improvement points above the total: its lowest scores out of 5, lowest first, as numbers', async () => {
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      const top = rowWith(summary, 'Verbeterpunten');
      // The total's speed 3.33 and clarity 4.00 (the NPS is not ranked with them), before the total's block.
      assertRows(summary, top, [
        ['Verbeterpunten'],
        ['De vragen met de laagste score op 5 in het totaal van deze periode, de laagste eerst.'],
        ['Vraag', 'Score op 5'],
        [SPEED, 3.33],
        [CLARITY, 4],
        [],
        ['Totaal'],
      ]);
      assert.equal(summary.getRow(top).getCell(1).font?.size, 12, 'a heading like the cuts\'');
      assert.deepEqual(formatsOf(summary, top + 3, 2), [null, D]);
      const english = sheet(await workbookOf(input({ locale: 'en' })), 'Summary');
      assertRows(english, rowWith(english, 'Points to improve') + 2, [['Question', 'Score out of 5'], ['Speed of the answer', 3.33]]);
    });

    it('names no improvement points when fewer than two questions have a score (one is no ranking)', async () => {
      // Minimum 4: clarity's 3 answers are hidden, so speed alone has a score.
      const summary = sheet(await workbookOf(input({ report: report({ minCount: 4 }) })), 'Samenvatting');
      for (let row = 1; row <= summary.rowCount; row++) assert.notEqual(valueOf(summary.getRow(row).getCell(1)), 'Verbeterpunten', `row ${row}`);
      assert.ok(rowWith(summary, 'Totaal'));
    });

    it('shows the previous period with changes in points and their direction', async () => {
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      const top = rowWith(summary, PREVIOUS_PERIOD);
      // speed 4,4,2,5,5,5 → 83.33 / 0 / 16.67, mean 25/6 = 4.17: satisfied −33.33 pt, dissatisfied
      // 2/6 − 1/6 = +16.67 pt, mean 20/6 − 25/6 = −0.83 (from the exact shares and means, not the
      // shown 33.33 − 16.67 and 3.33 − 4.17), worse. clarity 4,2,3 → 33.34 / 33.33 / 33.33, 3.00: +33.33, −33.33, +1.00,
      // better. NPS 10,7,5,9,9,9 → 50.00 (66.67 / 16.67 / 16.66): −33.33, −16.67 pt, +16.67 pt, worse.
      assertRows(summary, top, [
        [PREVIOUS_PERIOD],
        ['Antwoorden', 6],
        RATING_CHANGES,
        [SPEED, 0.8333, 0, 0.1667, 4.17, 6, -33.33, 16.67, -0.83, 'slechter'],
        [CLARITY, 0.3334, 0.3333, 0.3333, 3, 3, 33.33, -33.33, 1, 'beter'],
        NPS_CHANGES,
        [NPS, 50, 0.6667, 0.1667, 0.1666, 6, -33.33, -16.67, 16.67, 'slechter'],
      ]);
      assert.deepEqual(formatsOf(summary, top + 3, 9), [null, P, P, P, D, null, PT, PT, S]);
      assert.deepEqual(formatsOf(summary, top + 6, 9), [null, D, P, P, P, null, S, PT, PT]);
    });

    it('gives each channel its block, with its response rate', async () => {
      // Phone's 2 answers are too few, but a small channel hides no other (the next test).
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      const top = rowWith(summary, 'E-mail');
      // speed 5,4,2,3 → 50 / 25 / 25, 3.50; clarity 4,3,5 → 66.67 / 33.33 / 0, 4.00; NPS 10,9,6,8 → 25.00.
      // Before: speed 4,4,2 → 66.67 / 0 / 33.33, 3.33; clarity 4,2,3; NPS 10,7,5 → 0.00 (33.34 / 33.33 / 33.33):
      // promoters 2/4 − 1/3 = +16.67 pt.
      assertRows(summary, top, [
        ['E-mail'],
        [CURRENT_PERIOD],
        ['Antwoorden', 4],
        ['Responsgraad', 0.2, '4 antwoorden op 20 uitnodigingen'],
        RATING_HEADER,
        [SPEED, 0.5, 0.25, 0.25, 3.5, 4],
        [CLARITY, 0.6667, 0.3333, 0, 4, 3],
        NPS_HEADER,
        [NPS, 25, 0.5, 0.25, 0.25, 4],
        [],
        [PREVIOUS_PERIOD],
        ['Antwoorden', 3],
        RATING_CHANGES,
        [SPEED, 0.6667, 0, 0.3333, 3.33, 3, -16.67, -8.33, 0.17, 'beter'],
        [CLARITY, 0.3334, 0.3333, 0.3333, 3, 3, 33.33, -33.33, 1, 'beter'],
        NPS_CHANGES,
        [NPS, 0, 0.3334, 0.3333, 0.3333, 3, 25, 16.67, -8.33, 'beter'],
      ]);
      assert.equal(summary.getRow(top + 3).getCell(2).numFmt, P);
    });

    it('shows counts but no figures for a cut under the minimum, and says why', async () => {
      const summary = sheet(await workbookOf(input()), 'Samenvatting');
      const phone = rowWith(summary, 'Telefoon');
      assertRows(summary, phone, [
        ['Telefoon'],
        [CURRENT_PERIOD],
        ['Antwoorden', 2],
        RATING_HEADER,
        [SPEED, 'te weinig antwoorden', null, null, null, 2],
        [CLARITY, 'geen antwoorden', null, null, null, 0],
        NPS_HEADER,
        [NPS, 'te weinig antwoorden', null, null, null, 2],
        [],
        [PREVIOUS_PERIOD],
        ['Antwoorden', 0],
        RATING_CHANGES,
        [SPEED, 'geen antwoorden', null, null, null, 0, null, null, null, null],
      ]);
      const web = rowWith(summary, 'Website');
      const before = rowWith(summary, PREVIOUS_PERIOD, web);
      // Web had answers only before: figures, but nothing to compare with.
      assertRows(summary, before + 3, [[SPEED, 1, 0, 0, 5, 3, null, null, null, null]]);
      assertRows(summary, before + 6, [[NPS, 100, 1, 0, 0, 3, null, null, null, null]]);
      // Email (4 answers) is shown, though the total minus email gives phone's 2 away: channels
      // are members of the public, not staff.
      const email = rowWith(summary, 'E-mail');
      assertRows(summary, email + 5, [[SPEED, 0.5, 0.25, 0.25, 3.5, 4]]);
    });

    it('says why a group with enough answers is hidden to protect a small team', async () => {
      // Per team: A 1 answer, B 1 (too few, 2 together); the 4 answers without a team are hidden
      // too, as the total minus them would give teams A and B away.
      const summary = sheet(await workbookOf(input({ report: report({ breakdown: { by: 'context', key: 'team' } }) })), 'Samenvatting');
      assertRows(summary, rowWith(summary, 'team: A') + 4, [[SPEED, 'te weinig antwoorden', null, null, null, 1]]);
      assertRows(summary, rowWith(summary, 'team: (geen waarde)') + 4, [[SPEED, 'verborgen, zodat een kleine groep niet af te leiden is', null, null, null, 4]]);
    });

    it('has only the total, without a previous block, when there is no comparison or breakdown', async () => {
      const summary = sheet(await workbookOf(input({ report: report({ compare: false, breakdown: null }) })), 'Samenvatting');
      assertRows(summary, 3, [
        ['Periode', '1 januari 2023 – 30 juni 2023'],
        ['Tijdzone', 'Europe/Brussels'],
        ['Filters', 'geen'],
        ['Uitsplitsing', 'geen'],
      ]);
      const top = rowWith(summary, 'Totaal');
      assertRows(summary, top + 7, [[NPS, 16.67, 0.5, 0.1667, 0.3333, 6]]);
      for (let row = top + 8; row <= summary.rowCount; row++) assert.equal(summary.getRow(row).cellCount, 0, `row ${row} is empty`);
    });

    it('names breakdown groups by key and value, and lists the filters', async () => {
      const byOffice = report({ breakdown: { by: 'context', key: 'office' }, channels: ['email', 'phone'] });
      const summary = sheet(await workbookOf(input({ report: byOffice })), 'Samenvatting');
      assertRows(summary, 6, [
        ['Filters', 'Kanaal: E-mail, Telefoon'],
        ['Uitsplitsing', 'per office'],
      ]);
      const headings = [];
      for (let row = 1; row <= summary.rowCount; row++) {
        if (summary.getRow(row).getCell(1).font?.size === 12) headings.push(valueOf(summary.getRow(row).getCell(1)));
      }
      assert.deepEqual(headings, ['Verbeterpunten', 'Totaal', 'office: (geen waarde)', 'office: Antwerpen', 'office: Brugge', 'office: Gent']);
    });

    it('writes the labels in English, falling back to Dutch for a label without English', async () => {
      const workbook = await workbookOf(input({ locale: 'en' }));
      assert.deepEqual(workbook.worksheets.map(s => s.name), ['Summary', 'Answers', 'Comments']);
      const summary = sheet(workbook, 'Summary');
      assertRows(summary, 1, [['Customer service satisfaction'], ['Survey', 'loket'], ['Period', '1 January 2023 – 30 June 2023']]);
      const top = rowWith(summary, 'Total');
      assertRows(summary, top + 3, [
        ['Question', 'Satisfied', 'Neutral', 'Dissatisfied', 'Score out of 5', 'Count (n)'],
        ['Speed of the answer', 0.5, 0.1667, 0.3333, 3.33, 6],
        [CLARITY, 0.6667, 0.3333, 0, 4, 3],
      ]);
      assert.ok(rowWith(summary, 'Email') > top);
      const answers = sheet(workbook, 'Answers');
      assert.deepEqual(rowOf(answers, 1, 4), ['Id', 'Submitted (local time Europe/Brussels)', 'UTC offset', 'Channel']);
      assert.equal(valueOf(answers.getCell('D5')), 'Phone');
    });
  });

  describe('answers sheet', () => {
    it('writes one row per answer, times as Excel dates in the zone’s wall-clock time', async () => {
      const answers = sheet(await workbookOf(input()), 'Antwoorden');
      assertRows(answers, 1, [
        ANSWER_HEADER,
        // 2022-12-31T23:30Z is 00:30 on New Year's Day in Brussels.
        [id(1), wall('2023-01-01T00:30:00'), 'UTC+01:00', 'E-mail', 'nl', 1, 'Gent', null, 'A', 5, 4, 10, FRENCH, null],
        [id(2), wall('2023-02-14T10:15:00'), 'UTC+01:00', 'E-mail', 'fr-BE', 1, 'Brugge', null, null, 4, 3, 9, '   ', null],
        // 2023-03-26T00:30Z is 01:30 CET; an hour later it is 03:30 CEST.
        [id(3), wall('2023-03-26T01:30:00'), 'UTC+01:00', 'E-mail', 'nl', 1, 'Gent', 'Zoë', null, 2, 5, 6, '=1+1', '-korter wachten'],
        [id(4), wall('2023-03-26T03:30:00'), 'UTC+02:00', 'Telefoon', 'de', 1, 'Gent', null, null, 5, null, 10, null, GERMAN],
        [id(5), wall('2023-05-10T14:00:00'), 'UTC+02:00', 'E-mail', 'ar', 1, 'Antwerpen', null, 'B', 3, null, 8, ARABIC, null],
        [id(6), wall('2023-06-30T23:59:59'), 'UTC+02:00', 'Telefoon', 'nl', 1, null, null, null, 1, null, 3, SCRIPT, HYPERLINK],
      ]);
      assert.equal(answers.rowCount, 7);
      assert.equal(answers.getCell('B2').numFmt, 'yyyy-mm-dd hh:mm:ss');
      assert.equal(answers.getCell('J2').type, ExcelJS.ValueType.Number);
      assert.deepEqual([answers.views[0]?.state, (answers.views[0] as { ySplit?: number } | undefined)?.ySplit], ['frozen', 1], 'the header stays in view');
    });

    it('keeps formulas and markup as text, and never writes the invitation token', async () => {
      const workbook = await workbookOf(input());
      const answers = sheet(workbook, 'Antwoorden');
      for (const address of ['M4', 'N7', 'M7']) {
        assert.equal(answers.getCell(address).type, ExcelJS.ValueType.RichText, address);
        assert.equal(answers.getCell(address).formula, undefined, address);
      }
      workbook.eachSheet(each => each.eachRow(row => row.eachCell(cell => assert.ok(!String(valueOf(cell)).includes(SECRET_TOKEN)))));
    });

    it('continues on "Antwoorden (2)" when a sheet is full', async () => {
      const workbook = await workbookOf(input(), { rowLimit: 3 });
      assert.deepEqual(workbook.worksheets.map(s => s.name), [
        'Samenvatting',
        'Antwoorden',
        'Antwoorden (2)',
        'Antwoorden (3)',
        'Opmerkingen',
        'Opmerkingen (2)',
        'Opmerkingen (3)',
        'Opmerkingen (4)',
      ]);
      const ids = (name: string) => {
        const part = sheet(workbook, name);
        assert.deepEqual(rowOf(part, 1, 2), ANSWER_HEADER.slice(0, 2), `${name} has the header`);
        return Array.from({ length: part.rowCount - 1 }, (_, i) => valueOf(part.getCell(i + 2, 1)));
      };
      assert.deepEqual([ids('Antwoorden'), ids('Antwoorden (2)'), ids('Antwoorden (3)')], [[id(1), id(2)], [id(3), id(4)], [id(5), id(6)]]);
      assert.equal(sheet(workbook, 'Opmerkingen (4)').rowCount, 2, '7 comments: 2 + 2 + 2 + 1');
      assert.equal(EXCEL_MAX_ROWS, 1_048_576);
    });

    it('finds the context keys itself when none are given, reading the answers once more', async () => {
      const source = countingSource(CURRENT);
      const answers = sheet(await workbookOf(input({ contextKeys: undefined, responses: source.open })), 'Antwoorden');
      assert.deepEqual(rowOf(answers, 1, 9).slice(6), ['office', 'staff', 'team']);
      assert.equal(source.opened, 3, 'keys, answers, comments');
    });

    it('leaves out answers received after asOf, in every sheet', async () => {
      const asOf = new Date(Date.parse(CURRENT[4]!.receivedAt));
      const workbook = await workbookOf(input({ asOf }));
      assert.equal(sheet(workbook, 'Antwoorden').rowCount, 6);
      assert.equal(sheet(workbook, 'Opmerkingen').rowCount, 6);
    });

    it('an empty cut still has the headers', async () => {
      const workbook = await workbookOf(input({ responses: () => [] }));
      assert.equal(sheet(workbook, 'Antwoorden').rowCount, 1);
      assert.deepEqual(rowOf(sheet(workbook, 'Opmerkingen'), 1, 3), ['Datum (lokale tijd Europe/Brussels)', 'UTC-offset', 'Kanaal']);
    });
  });

  describe('comments sheet', () => {
    it('lists each non-empty comment with its time, channel, language, context and question, as text', async () => {
      const comments = sheet(await workbookOf(input()), 'Opmerkingen');
      assertRows(comments, 1, [
        ['Datum (lokale tijd Europe/Brussels)', 'UTC-offset', 'Kanaal', 'Taal', 'office', 'staff', 'team', 'Vraag', 'Opmerking', 'Id'],
        [wall('2023-01-01T00:30:00'), 'UTC+01:00', 'E-mail', 'nl', 'Gent', null, 'A', 'Opmerking', FRENCH, id(1)],
        [wall('2023-03-26T01:30:00'), 'UTC+01:00', 'E-mail', 'nl', 'Gent', 'Zoë', null, 'Opmerking', '=1+1', id(3)],
        [wall('2023-03-26T01:30:00'), 'UTC+01:00', 'E-mail', 'nl', 'Gent', 'Zoë', null, 'Wat kunnen we beter doen?', '-korter wachten', id(3)],
        [wall('2023-03-26T03:30:00'), 'UTC+02:00', 'Telefoon', 'de', 'Gent', null, null, 'Wat kunnen we beter doen?', GERMAN, id(4)],
        [wall('2023-05-10T14:00:00'), 'UTC+02:00', 'E-mail', 'ar', 'Antwerpen', null, 'B', 'Opmerking', ARABIC, id(5)],
        [wall('2023-06-30T23:59:59'), 'UTC+02:00', 'Telefoon', 'nl', null, null, null, 'Opmerking', SCRIPT, id(6)],
        [wall('2023-06-30T23:59:59'), 'UTC+02:00', 'Telefoon', 'nl', null, null, null, 'Wat kunnen we beter doen?', HYPERLINK, id(6)],
      ]);
      assert.equal(comments.rowCount, 8, 'the blank comment of answer 2 is left out');
      assert.equal(comments.getCell('I3').formula, undefined);
      assert.equal(comments.getCell('I2').alignment?.wrapText, true);
    });

    it('takes the comments from a comments source when one is given, without another pass', async () => {
      const source = countingSource(CURRENT);
      const comments = [
        { responseId: id(9), channel: 'kiosk' as const, locale: 'fr-BE', context: { team: 'C' }, submittedAt: '2023-04-01T08:00:00Z', questionId: 'remark', text: 'Via de zuil' },
        { responseId: id(9), channel: 'kiosk' as const, submittedAt: '2023-04-01T08:00:00Z', questionId: 'unknown', text: 'not a comment question' },
      ];
      const sheetOf = sheet(await workbookOf(input({ responses: source.open, comments: () => comments })), 'Opmerkingen');
      assertRows(sheetOf, 2, [[wall('2023-04-01T10:00:00'), 'UTC+02:00', 'Kiosk (loket)', 'fr-BE', null, null, 'C', 'Opmerking', 'Via de zuil', id(9)]]);
      assert.equal(sheetOf.rowCount, 2);
      assert.equal(source.opened, 1);
    });

    it('is left out for a survey without a comment question in any version, which nobody could answer', async () => {
      const survey = { ...SURVEY, questions: SURVEY.questions.filter(q => q.kind !== 'comment') };
      const source = { opened: 0 };
      const workbook = await workbookOf(input({ catalog: surveyCatalog([survey], 'loket')!, comments: () => (source.opened++, []) }));
      // Before, an "Opmerkingen" sheet with only its header read as "nobody wrote anything".
      assert.deepEqual(workbook.worksheets.map(s => s.name), ['Samenvatting', 'Antwoorden']);
      assert.equal(source.opened, 0, 'no comments are asked for');
      // An older version with a comment question keeps the sheet: its comments are still in the cut.
      const older = await workbookOf(input({ catalog: surveyCatalog([{ ...survey, version: 2 }, SURVEY], 'loket')! }));
      assert.deepEqual(older.worksheets.map(s => s.name), ['Samenvatting', 'Antwoorden', 'Opmerkingen']);
    });

    it('drops characters XML cannot hold instead of writing a broken file', async () => {
      const odd: StoredResponse = { ...CURRENT[0]!, answers: { remark: 'bel\u0001 mij\uD800 terug\r\naub' } };
      const comments = sheet(await workbookOf(input({ responses: () => [odd] })), 'Opmerkingen');
      assert.equal(valueOf(comments.getCell('I2')), 'bel mij\uFFFD terug\naub');
    });
  });

  describe('workbookStream()', () => {
    it('finds exceljs, which the route checks before it starts a download', async () => {
      assert.equal(await excelJsAvailable(), true);
    });

    it('gives the same workbook as a web stream', async () => {
      const bytes = await new Response(workbookStream(input())).arrayBuffer();
      const workbook = await load(new Uint8Array(bytes));
      assert.deepEqual(workbook.worksheets.map(s => s.name), ['Samenvatting', 'Antwoorden', 'Opmerkingen']);
      assert.equal(sheet(workbook, 'Antwoorden').rowCount, 7);
    });

    it('errors the stream when the answers cannot be read, so no whole-looking file is served', async () => {
      async function* failing(): AsyncGenerator<ExportResponse> {
        yield CURRENT[0]!;
        throw new Error('database gone');
      }
      await assert.rejects(new Response(workbookStream(input({ responses: failing }))).arrayBuffer(), /database gone/);
    });

    it('stops reading the answers when the download is cancelled', { timeout: 20_000 }, async () => {
      const many = Array.from({ length: 20_000 }, (_, i) => ({ ...CURRENT[i % 6]!, id: id(100 + i) }));
      let closed!: () => void;
      const finished = new Promise<void>(resolve => (closed = resolve));
      let read = 0;
      async function* source(): AsyncGenerator<ExportResponse> {
        try {
          for (const response of many) {
            read++;
            yield response;
          }
        } finally {
          closed();
        }
      }
      const reader = workbookStream(input({ responses: source, comments: () => [] })).getReader();
      await reader.read();
      await reader.cancel();
      await finished;
      assert.ok(read < many.length, `read ${read} of ${many.length}`);
    });
  });
});

const CSV_LINES = [
  ANSWER_HEADER.join(';'),
  `${id(1)};2023-01-01 00:30:00;UTC+01:00;E-mail;nl;1;Gent;;A;5;4;10;"Très bien géré, ça va! ""Top""; merci";`,
  `${id(2)};2023-02-14 10:15:00;UTC+01:00;E-mail;fr-BE;1;Brugge;;;4;3;9;   ;`,
  `${id(3)};2023-03-26 01:30:00;UTC+01:00;E-mail;nl;1;Gent;Zoë;;2;5;6;'=1+1;'-korter wachten`,
  `${id(4)};2023-03-26 03:30:00;UTC+02:00;Telefoon;de;1;Gent;;;5;;10;;${GERMAN}`,
  `${id(5)};2023-05-10 14:00:00;UTC+02:00;E-mail;ar;1;Antwerpen;;B;3;;8;${ARABIC};`,
  `${id(6)};2023-06-30 23:59:59;UTC+02:00;Telefoon;nl;1;;;;1;;3;"${SCRIPT}";"'=HYPERLINK(""http://evil.example"",""klik"")"`,
];

async function csvBytes(exportInput: ExportInput, delimiter?: ';' | ','): Promise<Uint8Array> {
  return new Uint8Array(await new Response(writeCsv(exportInput, delimiter ? { delimiter } : {})).arrayBuffer());
}

describe('writeCsv()', () => {
  it('starts with the UTF-8 byte order mark, so Excel reads the accents right', async () => {
    const bytes = await csvBytes(input());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('writes the answer columns with semicolons, CRLF line ends, quoting and formula guards', async () => {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await csvBytes(input()));
    assert.equal(text, `\uFEFF${CSV_LINES.map(line => `${line}\r\n`).join('')}`);
  });

  it('keeps é, ë, ç, ü and Arabic text intact through the bytes', async () => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await csvBytes(input()));
    for (const word of ['géré', 'ça', 'Zoë', 'über', 'Grüße', ARABIC]) assert.ok(text.includes(word), word);
  });

  it('uses commas when asked, quoting fields that hold one', async () => {
    const lines = new TextDecoder().decode(await csvBytes(input(), ',')).split('\r\n');
    assert.equal(lines[0], ANSWER_HEADER.join(','));
    assert.equal(lines[4], `${id(4)},2023-03-26 03:30:00,UTC+02:00,Telefoon,de,1,Gent,,,5,,10,,"${GERMAN}"`);
    assert.equal(lines[3], `${id(3)},2023-03-26 01:30:00,UTC+01:00,E-mail,nl,1,Gent,Zoë,,2,5,6,'=1+1,'-korter wachten`);
  });

  it('gives a question that changed kind between versions one column, with the answers of both', async () => {
    const courtesy = { nl: 'Vriendelijkheid' };
    const v2: typeof SURVEY = { ...SURVEY, version: 2, questions: SURVEY.questions.map(q => (q.id === 'remark' ? { kind: 'rating', id: 'remark', label: courtesy } : q)) };
    const later = { ...CURRENT[0]!, id: id(99), surveyVersion: 2, submittedAt: '2023-06-01T08:00:00.000Z', answers: { speed: 4, nps: 9, remark: 2 } };
    const earlier = { ...CURRENT[0]!, answers: { speed: 3, nps: 7, remark: 'te lang gewacht' } };
    const catalog = surveyCatalog([SURVEY, v2], 'loket')!;
    const lines = new TextDecoder().decode(await csvBytes(input({ catalog, responses: () => [earlier, later] }))).split('\r\n');
    const header = lines[0]!.replace('\uFEFF', '').split(';');
    assert.deepEqual(header.filter(column => column.startsWith('remark:')), ['remark: Vriendelijkheid'], 'one column, named as in the newest version');
    const remark = header.indexOf('remark: Vriendelijkheid');
    assert.equal(header.length, ANSWER_HEADER.length);
    assert.equal(lines[1]!.split(';')[remark], 'te lang gewacht');
    assert.equal(lines[2]!.split(';')[remark], '2');
  });

  it('names that column as in the newest version also when the question became a comment', async () => {
    const v2: typeof SURVEY = { ...SURVEY, version: 2, questions: SURVEY.questions.map(q => (q.id === 'speed' ? { kind: 'comment', id: 'speed', label: { nl: 'Wat vond u van de snelheid?' } } : q)) };
    const catalog = surveyCatalog([SURVEY, v2], 'loket')!;
    const later = { ...CURRENT[0]!, id: id(99), surveyVersion: 2, submittedAt: '2023-06-01T08:00:00.000Z', answers: { speed: 'vlot', nps: 9 } };
    const lines = new TextDecoder().decode(await csvBytes(input({ catalog, responses: () => [CURRENT[0]!, later] }))).split('\r\n');
    const header = lines[0]!.replace('\uFEFF', '').split(';');
    assert.deepEqual(header.filter(column => column.startsWith('speed:')), ['speed: Wat vond u van de snelheid?']);
    const speed = header.indexOf('speed: Wat vond u van de snelheid?');
    assert.equal(lines[1]!.split(';')[speed], String(CURRENT[0]!.answers.speed));
    assert.equal(lines[2]!.split(';')[speed], 'vlot');
  });

  it('leaves a context cell empty when the answer lacks a key named like an Object method', async () => {
    const withKey = { ...CURRENT[1]!, context: { constructor: 'balie 2' } };
    const lines = new TextDecoder().decode(await csvBytes(input({ contextKeys: ['constructor'], responses: () => [CURRENT[0]!, withKey] }))).split('\r\n');
    const header = lines[0]!.replace('\uFEFF', '').split(';');
    const column = header.indexOf('constructor');
    assert.ok(column > 0, header.join(';'));
    assert.equal(lines[1]!.split(';')[column], '');
    assert.equal(lines[2]!.split(';')[column], 'balie 2');
  });

  it('errors the stream when the answers cannot be read', async () => {
    async function* failing(): AsyncGenerator<ExportResponse> {
      throw new Error('database gone');
    }
    await assert.rejects(csvBytes(input({ responses: failing })), /database gone/);
  });

  it('reads the answers only as the download asks for them, and stops when it is cancelled', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...CURRENT[i % 6]!, id: id(100 + i) }));
    const source = countingSource(many);
    const reader = writeCsv(input({ responses: source.open })).getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length >= 64 * 1024, 'chunks of about 64 KiB');
    await reader.cancel();
    assert.ok(source.read < many.length, `read ${source.read} of ${many.length}`);
    assert.equal(source.closed, 1);
  });
});

describe('the hour that repeats when the clocks go back', () => {
  // 25 October 2026 in Brussels: 02:00–03:00 summer time (UTC+2), then 02:00–03:00 again in winter time (UTC+1).
  const summer = { ...CURRENT[0]!, id: id(21), submittedAt: '2026-10-25T00:45:00.000Z', receivedAt: '2026-10-25T00:45:01.000Z' };
  const winter = { ...CURRENT[0]!, id: id(22), submittedAt: '2026-10-25T01:15:00.000Z', receivedAt: '2026-10-25T01:15:01.000Z' };
  const repeated = input({ responses: () => [summer, winter] });

  it('tells its answers apart in the answers sheet by their UTC offset, next to the local time', async () => {
    const answers = sheet(await workbookOf(repeated), 'Antwoorden');
    assert.deepEqual(rowOf(answers, 1, 3), ['Id', 'Ingediend (lokale tijd Europe/Brussels)', 'UTC-offset']);
    // Sorted by the local time alone, 02:15 would come before 02:45, though it came half an hour later.
    assert.deepEqual(rowOf(answers, 2, 3), [id(21), wall('2026-10-25T02:45:00'), 'UTC+02:00']);
    assert.deepEqual(rowOf(answers, 3, 3), [id(22), wall('2026-10-25T02:15:00'), 'UTC+01:00']);
  });

  it('gives the comments sheet the offset too', async () => {
    const comments = sheet(await workbookOf(repeated), 'Opmerkingen');
    assert.deepEqual(rowOf(comments, 1, 3), ['Datum (lokale tijd Europe/Brussels)', 'UTC-offset', 'Kanaal']);
    assert.deepEqual([rowOf(comments, 2, 2), rowOf(comments, 3, 2)], [
      [wall('2026-10-25T02:45:00'), 'UTC+02:00'],
      [wall('2026-10-25T02:15:00'), 'UTC+01:00'],
    ]);
  });

  it('writes the offset in the CSV too, as a column of its own that Excel leaves as text', async () => {
    const lines = new TextDecoder().decode(await csvBytes(repeated)).split('\r\n');
    assert.deepEqual(lines.slice(1, 3).map(line => line.split(';').slice(0, 3)), [
      [id(21), '2026-10-25 02:45:00', 'UTC+02:00'],
      [id(22), '2026-10-25 02:15:00', 'UTC+01:00'],
    ]);
    assert.deepEqual(lines[0]!.split(';').slice(1, 3), ['Ingediend (lokale tijd Europe/Brussels)', 'UTC-offset']);
  });
});

describe('csvField()', () => {
  const cases: [Parameters<typeof csvField>[0], string][] = [
    [null, ''],
    [7, '7'],
    ['plain', 'plain'],
    ['a;b', '"a;b"'],
    ['a,b', 'a,b'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+32 9 123 45 67', "'+32 9 123 45 67"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=A1;B1', `"'=A1;B1"`],
    [wall('2023-03-26T01:30:00'), '2023-03-26 01:30:00'],
  ];
  for (const [cell, expected] of cases) {
    it(`writes ${JSON.stringify(cell)} as ${JSON.stringify(expected)}`, () => assert.equal(csvField(cell), expected));
  }
  it('quotes a comma only when it is the delimiter', () => assert.equal(csvField('a,b', ','), '"a,b"'));
});

describe('wallClock()', () => {
  const at = (timeZone: string, instant: string) => wallClock(timeZone)(instant).toISOString().slice(0, 19);

  it('moves with the clocks in Brussels, spring and autumn', () => {
    assert.equal(at('Europe/Brussels', '2023-03-26T00:59:59Z'), '2023-03-26T01:59:59');
    assert.equal(at('Europe/Brussels', '2023-03-26T01:00:00Z'), '2023-03-26T03:00:00');
    // 02:30 happens twice when the clocks go back: first in summer time, then in winter time.
    assert.equal(at('Europe/Brussels', '2023-10-29T00:30:00Z'), '2023-10-29T02:30:00');
    assert.equal(at('Europe/Brussels', '2023-10-29T01:30:00Z'), '2023-10-29T02:30:00');
  });

  it('is exact when the offset changes in the middle of an hour (Lord Howe Island: half an hour at 15:30 UTC)', () => {
    const convert = wallClock('Australia/Lord_Howe');
    const local = (instant: string) => convert(instant).toISOString().slice(0, 19);
    assert.equal(local('2023-09-30T15:15:00Z'), '2023-10-01T01:45:00');
    assert.equal(local('2023-09-30T15:45:00Z'), '2023-10-01T02:45:00');
    assert.equal(local('2023-09-30T15:20:00.250Z'), '2023-10-01T01:50:00');
  });

  it('keeps milliseconds and tells an unreadable instant by an invalid date', () => {
    assert.equal(wallClock('UTC')('2023-01-01T10:00:00.250Z').toISOString(), '2023-01-01T10:00:00.250Z');
    assert.ok(Number.isNaN(wallClock('UTC')('not a date').getTime()));
  });
});

describe('parseExportParams()', () => {
  it('defaults to Dutch and semicolons, and passes the report parameters on', () => {
    const parsed = parseExportParams(new URLSearchParams('survey=loket&period=half-year&date=2023-01-01'));
    assert.deepEqual(parsed.ok && { ...parsed.options, report: parsed.report.toString() }, {
      locale: 'nl',
      delimiter: ';',
      report: 'survey=loket&period=half-year&date=2023-01-01',
    });
  });

  it('reads lang with a region and delimiter by name', () => {
    const parsed = parseExportParams(new URLSearchParams('lang=fr-BE&delimiter=comma&survey=loket'));
    assert.deepEqual(parsed.ok && { ...parsed.options, report: parsed.report.toString() }, { locale: 'fr', delimiter: ',', report: 'survey=loket' });
  });

  it('refuses an unknown language, an unknown delimiter, or a parameter given twice', () => {
    assert.deepEqual(parseExportParams(new URLSearchParams('lang=es')), { ok: false, message: 'lang: Use one of nl, fr, de, en' });
    assert.deepEqual(parseExportParams(new URLSearchParams('delimiter=tab')), { ok: false, message: 'delimiter: Use semicolon or comma' });
    assert.deepEqual(parseExportParams(new URLSearchParams('lang=nl&lang=fr')), { ok: false, message: 'lang: given twice' });
  });

  it('takes lang= as a language tag of at most 35 characters, falling back to its language', () => {
    const locale = (lang: string) => {
      const parsed = parseExportParams(new URLSearchParams({ lang }));
      return parsed.ok ? parsed.options.locale : parsed.message;
    };
    const malformed = 'lang: Use a language tag such as "nl" or "fr-BE"';

    assert.deepEqual(['nl', 'fr-BE', 'en', 'DE', 'nl-BE-1996'].map(locale), ['nl', 'fr', 'en', 'de', 'nl']);
    assert.deepEqual(['nl-', 'nl-BE-x-foo', 'nl_BE', '-nl', ''].map(locale), Array(5).fill(malformed));
    assert.equal(locale(`nl-${'abcdefgh-'.repeat(3)}abcde`), 'nl', '35 characters');
    assert.match(locale(`nl-${'abcdefgh-'.repeat(3)}abcdef`), /lang: Too big: at most 35/);
    assert.match(locale('nl-'.repeat(300_000)), /lang: Too big: at most 35/);
  });

  it('names the file after the survey and period', () => {
    assert.equal(exportFileName(report(), 'xlsx'), 'feedback-loket-2023-01-01_2023-06-30.xlsx');
  });
});

/** A stored answer as it was sent. */
const recordOf = ({ receivedAt: _received, ...response }: StoredResponse): FeedbackRecord => response as FeedbackRecord;

async function all<T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) list.push(item);
  return list;
}

for (const kind of STORE_KINDS) {
  describe(`storeResponses() on ${kind.name}`, () => {
    let store: SqlStore;
    before(async () => {
      store = await kind.open();
      await store.registerSurveys([SURVEY]);
      const stored = await store.insertResponses([...PREVIOUS, ...CURRENT].map(recordOf));
      assert.equal(stored.inserted.size, 12);
    });
    after(() => store.close());

    it('reads the current period of the cut page by page, oldest first, once per pass', async () => {
      const source = storeResponses(store, QUERY, { pageSize: 4 });
      const ids = CURRENT.map(r => r.id);
      assert.deepEqual((await all(source())).map(r => r.id), ids);
      assert.deepEqual((await all(source())).map(r => r.id), ids, 'a second pass starts again');
      const exact = storeResponses(store, QUERY, { pageSize: 3 });
      assert.deepEqual((await all(exact())).map(r => r.id), ids, 'pages that end exactly at the last answer');
    });

    it('keeps to the report’s channel and context filters', async () => {
      const email = storeResponses(store, { ...QUERY, channels: ['email'] }, { pageSize: 2 });
      assert.deepEqual((await all(email())).map(r => r.id), [CURRENT[0]!, CURRENT[1]!, CURRENT[2]!, CURRENT[4]!].map(r => r.id));
      const gent = storeResponses(store, { ...QUERY, channels: [], context: { office: 'Gent' } }, { pageSize: 2 });
      assert.deepEqual((await all(gent())).map(r => r.id), [CURRENT[0]!, CURRENT[2]!, CURRENT[3]!].map(r => r.id));
    });

    it('gives the same answers and comments sheets as the answers themselves', async () => {
      const fromStore = await workbookOf(input({ responses: storeResponses(store, QUERY, { pageSize: 4 }), contextKeys: undefined }));
      const fromMemory = await workbookOf(input());
      for (const name of ['Antwoorden', 'Opmerkingen']) {
        const [a, b] = [sheet(fromStore, name), sheet(fromMemory, name)];
        assert.equal(a.rowCount, b.rowCount, name);
        for (let row = 1; row <= a.rowCount; row++) assert.deepEqual(rowOf(a, row, 13), rowOf(b, row, 13), `${name} row ${row}`);
      }
    });
  });
}
