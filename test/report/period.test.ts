import { expect } from '@open-wc/testing';
import { dayCount, dayIn, periodBounds, presetPeriod, previousPeriod, startOfDay } from '../../src/report/period.js';
import { parseReportQuery, reportParams } from '../../src/report/report-query.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const parse = (query: string) => parseReportQuery(new URLSearchParams(query), NOW);

describe('report periods', () => {
  it('finds the calendar month, quarter, half-year and year of a day', () => {
    expect(presetPeriod('month', '2024-02-10')).to.deep.equal({ preset: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(presetPeriod('quarter', '2023-05-31')).to.deep.equal({ preset: 'quarter', from: '2023-04-01', to: '2023-06-30' });
    expect(presetPeriod('half-year', '2023-07-01')).to.deep.equal({ preset: 'half-year', from: '2023-07-01', to: '2023-12-31' });
    expect(presetPeriod('year', '2023-12-31')).to.deep.equal({ preset: 'year', from: '2023-01-01', to: '2023-12-31' });
  });

  it('compares a preset with the calendar period before it (H1 2023 with H2 2022)', () => {
    expect(previousPeriod(presetPeriod('half-year', '2023-03-01'))).to.deep.equal({ preset: 'half-year', from: '2022-07-01', to: '2022-12-31' });
    expect(previousPeriod(presetPeriod('month', '2024-03-15'))).to.deep.equal({ preset: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(previousPeriod(presetPeriod('quarter', '2024-01-15'))).to.deep.equal({ preset: 'quarter', from: '2023-10-01', to: '2023-12-31' });
  });

  it('compares a custom range with as many days just before it', () => {
    const range = { from: '2024-03-01', to: '2024-03-10' };
    expect(dayCount(range)).to.equal(10);
    expect(previousPeriod(range)).to.deep.equal({ from: '2024-02-20', to: '2024-02-29' });
  });

  it('starts a day at local midnight of the time zone, also across daylight saving', () => {
    expect(startOfDay('2023-01-01', 'Europe/Brussels').toISOString()).to.equal('2022-12-31T23:00:00.000Z');
    expect(startOfDay('2023-07-01', 'Europe/Brussels').toISOString()).to.equal('2023-06-30T22:00:00.000Z');
    // 26 March 2023: clocks go forward at 02:00; the day still starts at 00:00 CET.
    expect(startOfDay('2023-03-26', 'Europe/Brussels').toISOString()).to.equal('2023-03-25T23:00:00.000Z');
    expect(startOfDay('2023-03-27', 'Europe/Brussels').toISOString()).to.equal('2023-03-26T22:00:00.000Z');
    expect(startOfDay('2023-01-01', 'America/New_York').toISOString()).to.equal('2023-01-01T05:00:00.000Z');
    expect(startOfDay('2023-01-01', 'UTC').toISOString()).to.equal('2023-01-01T00:00:00.000Z');
  });

  it('starts a day whose midnight the clocks skip at its first instant, west and east of UTC', () => {
    // Havana, 10 March 2024: 00:00 becomes 01:00 (UTC−5 → UTC−4), so the day starts at 01:00 local.
    expect(startOfDay('2024-03-10', 'America/Havana').toISOString()).to.equal('2024-03-10T05:00:00.000Z');
    // Beirut, 31 March 2024: 00:00 becomes 01:00 (UTC+2 → UTC+3).
    expect(startOfDay('2024-03-31', 'Asia/Beirut').toISOString()).to.equal('2024-03-30T22:00:00.000Z');
  });

  it('starts a day whose midnight comes twice at the first one, so each instant is in the day it shows', () => {
    // Amman and Gaza, 29 October 2021: 01:00 (UTC+3) went back to 00:00 (UTC+2).
    for (const zone of ['Asia/Amman', 'Asia/Gaza']) {
      const start = startOfDay('2021-10-29', zone);
      expect(start.toISOString()).to.equal('2021-10-28T21:00:00.000Z');
      expect(dayIn(new Date(start.getTime() - 1), zone)).to.equal('2021-10-28');
      expect(periodBounds({ from: '2021-10-01', to: '2021-10-28' }, zone).end.toISOString()).to.equal('2021-10-28T21:00:00.000Z');
    }
    // Apia skipped 30 December 2011 (UTC−10 → UTC+14): that day is empty, and the 31st starts at the jump.
    expect(startOfDay('2011-12-30', 'Pacific/Apia').toISOString()).to.equal('2011-12-30T10:00:00.000Z');
    expect(startOfDay('2011-12-31', 'Pacific/Apia').toISOString()).to.equal('2011-12-30T10:00:00.000Z');
  });

  it('bounds a range from the first local midnight up to, not including, the one after the last day', () => {
    const { start, end } = periodBounds({ from: '2023-01-01', to: '2023-06-30' }, 'Europe/Brussels');
    expect([start.toISOString(), end.toISOString()]).to.deep.equal(['2022-12-31T23:00:00.000Z', '2023-06-30T22:00:00.000Z']);
  });

  it('tells the local day of an instant', () => {
    expect(dayIn(new Date('2022-12-31T23:30:00Z'), 'Europe/Brussels')).to.equal('2023-01-01');
    expect(dayIn(new Date('2022-12-31T23:30:00Z'), 'UTC')).to.equal('2022-12-31');
  });
});

describe('parseReportQuery()', () => {
  it('takes the half-year of today, compared, with a minimum of 5 by default', () => {
    const parsed = parse('survey=service-quality');
    expect(parsed).to.deep.equal({
      ok: true,
      query: {
        surveyId: 'service-quality',
        period: { preset: 'half-year', from: '2026-07-01', to: '2026-12-31' },
        compare: true,
        channels: [],
        context: {},
        breakdown: null,
        minCount: 5,
        timeZone: 'Europe/Brussels',
      },
    });
  });

  it('reads presets, ranges, filters, breakdowns, the minimum and the time zone', () => {
    const parsed = parse('period=quarter&date=2024-05-02&channel=email,phone&context.office=Gent&breakdown=team&min=10&tz=Europe/Brussels&compare=false');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.query).to.deep.equal({
      period: { preset: 'quarter', from: '2024-04-01', to: '2024-06-30' },
      compare: false,
      channels: ['email', 'phone'],
      context: { office: 'Gent' },
      breakdown: { by: 'context', key: 'team' },
      minCount: 10,
      timeZone: 'Europe/Brussels',
    });
    const range = parse('from=2024-01-10&to=2024-02-09&breakdown=channel');
    expect(range.ok && range.query.period).to.deep.equal({ from: '2024-01-10', to: '2024-02-09' });
    expect(range.ok && range.query.breakdown).to.deep.equal({ by: 'channel' });
  });

  it('takes "today" in the requested time zone, Brussels unless told (as the collector does)', () => {
    // 23:30 UTC on 30 June is 1 July in Brussels: the second half-year there.
    const parsed = parseReportQuery(new URLSearchParams('tz=Europe/Brussels'), new Date('2026-06-30T23:30:00Z'));
    expect(parsed.ok && parsed.query.period.from).to.equal('2026-07-01');
    const byDefault = parseReportQuery(new URLSearchParams(), new Date('2026-06-30T23:30:00Z'));
    expect(byDefault.ok && byDefault.query.period.from).to.equal('2026-07-01');
    const utc = parseReportQuery(new URLSearchParams(), new Date('2026-06-30T23:30:00Z'), 'UTC');
    expect(utc.ok && utc.query.period.from).to.equal('2026-01-01');
    // Spelled as usual whatever the case asked: the report and its export name the zone.
    expect(['tz=europe/brussels', 'tz=utc', 'tz=Europe/Kyiv'].map(q => { const p = parse(q); return p.ok && p.query.timeZone; })).to.deep.equal(['Europe/Brussels', 'UTC', 'Europe/Kyiv']);
  });

  it('refuses bad parameters with a message that names them', () => {
    const cases: [string, RegExp][] = [
      ['period=decade', /period/],
      ['from=2024-01-10', /both from= and to=/],
      ['from=2024-02-10&to=2024-01-10', /after/],
      ['period=month&from=2024-01-01&to=2024-01-31', /either/],
      ['from=2024-02-30&to=2024-03-01', /from/],
      ['from=2000-01-01&to=2024-01-01', /at most 3660 days/],
      ['channel=fax', /channel/],
      ['min=0', /min/],
      ['min=abc', /min/],
      ['tz=Mars/Olympus', /tz/],
      ['survey=<script>', /survey/],
      ['breakdown=no%20spaces', /breakdown/],
      ['context.1x=a', /context\.1x/],
      ['context.office=' + 'x'.repeat(201), /200 characters/],
      ['context.office=a%00b', /context\.office: without NUL characters/],
      ['min=5&min=6', /given twice/],
      ['colour=red', /colour/],
    ];
    for (const [query, message] of cases) {
      const parsed = parse(query);
      expect(parsed.ok, query).to.equal(false);
      if (!parsed.ok) expect(parsed.message, query).to.match(message);
    }
  });

  it('says once what min= takes, without calling -1 or 5000 not a whole number', () => {
    for (const query of ['min=-1', 'min=5000', 'min=0', 'min=2.5', 'min=']) {
      const parsed = parse(query);
      expect(parsed.ok ? '' : parsed.message, query).to.equal('min: Use a whole number from 1 to 1000');
    }
  });

  it('breaks down by a context key named "channel" as context.channel, and filters on keys like "constructor"', () => {
    const parsed = parse('breakdown=context.channel&context.constructor=Gent&context.toString=x');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.query.breakdown).to.deep.equal({ by: 'context', key: 'channel' });
    expect(parsed.query.context).to.deep.equal({ constructor: 'Gent', toString: 'x' });
    expect(reportParams(parsed.query).get('breakdown')).to.equal('context.channel');
    const again = parseReportQuery(reportParams(parsed.query), NOW);
    expect(again).to.deep.equal(parsed);
  });

  it('reads back what reportParams() writes', () => {
    const parsed = parse('survey=s1&period=year&date=2024-01-01&channel=web&context.office=Brugge&breakdown=channel&min=3&tz=Europe/Brussels');
    if (!parsed.ok) throw new Error(parsed.message);
    const again = parseReportQuery(reportParams(parsed.query), NOW);
    expect(again).to.deep.equal(parsed);
  });
});
