import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ReportMessages } from '../../i18n/report-messages.js';
import { PRESETS, type Period, type Preset } from '../../report/period.js';
import { CHANNELS } from '../../schema/record.js';
import type { ReportFormat } from './report-format.js';

export type PeriodKind = Preset | 'custom';

export interface ControlsView {
  m: ReportMessages;
  f: ReportFormat;
  kind: PeriodKind;
  /** The period shown, and the ones the period select offers. */
  period: Period;
  periods: Period[];
  customInvalid: boolean;
  channels: string;
  breakdown: string;
  breakdownKeys: string[];
  onKind: (kind: PeriodKind) => void;
  onPeriod: (from: string) => void;
  onCustom: (from: string, to: string) => void;
  onChannels: (channels: string) => void;
  onBreakdown: (breakdown: string) => void;
}

const valueOf = (event: Event) => (event.target as HTMLSelectElement | HTMLInputElement).value;

function renderPeriod(v: ControlsView) {
  const { m, f } = v;
  if (v.kind !== 'custom') {
    // Chosen per option, live: when today moves into the next period (the collector's today arrives
    // with its report) the options shift by one, and a value set on the select before them matched none.
    return html`<div class="field">
      <label for="period">${m.period}</label>
      <select id="period" @change=${(e: Event) => v.onPeriod(valueOf(e))}>
        ${v.periods.map(p => html`<option value=${p.from} .selected=${live(p.from === v.period.from)}>${f.period(p)}</option>`)}
      </select>
    </div>`;
  }
  // Both days are read together on a change, so one half-typed day never sends a request. No
  // live(): a day typed that is not yet valid stays in its field.
  const change = (e: Event) => {
    const form = (e.target as HTMLElement).closest('[part="controls"]')!;
    const day = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)!.value;
    v.onCustom(day('from'), day('to'));
  };
  const invalid = v.customInvalid ? 'true' : 'false';
  return html`<div class="field">
      <label for="from">${m.from}</label>
      <input id="from" type="date" .value=${v.period.from} aria-invalid=${invalid} aria-describedby="custom-error" @change=${change} />
    </div>
    <div class="field">
      <label for="to">${m.to}</label>
      <input id="to" type="date" .value=${v.period.to} aria-invalid=${invalid} aria-describedby="custom-error" @change=${change} />
    </div>
    <p id="custom-error" class="error" role="alert" ?hidden=${!v.customInvalid}>${v.customInvalid ? m.customInvalid : nothing}</p>`;
}

function renderChannels(v: ControlsView) {
  const { m } = v;
  const value = v.channels.split(',').map(c => c.trim()).filter(Boolean).join(',');
  // A list of channels set by the page is offered as it is, next to the single ones.
  const combined = value.includes(',') ? [value] : [];
  return html`<div class="field">
    <label for="channel">${m.channel}</label>
    <select id="channel" .value=${live(value)} @change=${(e: Event) => v.onChannels(valueOf(e))}>
      <option value="" ?selected=${value === ''}>${m.allChannels}</option>
      ${[...CHANNELS, ...combined].map(
        c => html`<option value=${c} ?selected=${c === value}>${c.split(',').map(m.channelName).join(', ')}</option>`,
      )}
    </select>
  </div>`;
}

function renderBreakdown(v: ControlsView) {
  const { m } = v;
  const keys = ['channel', ...v.breakdownKeys.filter(k => k !== 'channel')];
  if (v.breakdown && !keys.includes(v.breakdown)) keys.push(v.breakdown);
  return html`<div class="field">
    <label for="breakdown">${m.breakdown}</label>
    <select id="breakdown" .value=${live(v.breakdown)} @change=${(e: Event) => v.onBreakdown(valueOf(e))}>
      <option value="" ?selected=${v.breakdown === ''}>${m.noBreakdown}</option>
      ${keys.map(k => html`<option value=${k} ?selected=${k === v.breakdown}>${m.breakdownBy(k)}</option>`)}
    </select>
  </div>`;
}

/** The period, channel and breakdown controls: native, labelled form controls. */
export function renderControls(v: ControlsView) {
  const { m } = v;
  return html`<fieldset part="controls" class="controls">
    <legend>${m.controls}</legend>
    <div class="field">
      <label for="kind">${m.periodKind}</label>
      <select id="kind" .value=${live(v.kind)} @change=${(e: Event) => v.onKind(valueOf(e) as PeriodKind)}>
        ${PRESETS.map(p => html`<option value=${p} ?selected=${p === v.kind}>${m.preset(p)}</option>`)}
        <option value="custom" ?selected=${v.kind === 'custom'}>${m.custom}</option>
      </select>
    </div>
    ${renderPeriod(v)} ${renderChannels(v)} ${renderBreakdown(v)}
  </fieldset>`;
}
