import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { ReportError } from '../../events/report-events.js';
import { ReportSchema, type Report } from '../../report/report-schema.js';
import { requestJson } from './report-api.js';

/** Where a load is, like Lit's TaskStatus. */
export const LOAD_STATUS = ['initial', 'pending', 'complete', 'error'] as const;
export type LoadStatus = (typeof LOAD_STATUS)[number];

/** One authorised GET: what the controllers are given to load. */
export interface Authorised {
  url: string;
  token: string;
}

export interface ReportControllerOptions {
  onComplete: (report: Report) => void;
  onError: (error: ReportError) => void;
  /** A seam for tests; the global fetch by default. */
  fetch?: typeof fetch;
}

type Host = ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'>;

/**
 * Fetches the report for the element's current settings, like Lit's Task: a new request aborts
 * the one before, so an old answer never replaces a newer one; the status drives the render.
 */
export class ReportController implements ReactiveController {
  status: LoadStatus = 'initial';
  /** The last report loaded; kept while the next one loads, dropped on an error. */
  report?: Report;
  error?: ReportError;
  private wanted?: Authorised;
  private loadedKey?: string;
  /** The token `report` was read with: under another token (or none) it is not shown. */
  private reportToken?: string;
  /** The period a page left open into was loaded again for (see markOutdated). */
  private reloadedFor?: string;
  private abort?: AbortController;

  constructor(
    private readonly host: Host,
    private readonly options: ReportControllerOptions,
  ) {
    host.addController(this);
  }

  /** Loads `call` unless it is what is loaded or loading already; `undefined` stops (nothing to ask). */
  load(call: Authorised | undefined, force = false): void {
    this.wanted = call;
    const key = call && `${call.token}\n${call.url}`;
    if (!force && key === this.loadedKey) return;
    this.abort?.abort();
    this.loadedKey = key;
    // Another reader must never see the last reader's report while theirs loads.
    if (call?.token !== this.reportToken) this.report = undefined;
    if (!call) {
      this.set('initial');
      return;
    }
    const abort = (this.abort = new AbortController());
    this.set('pending');
    requestJson('report', { url: call.url, token: call.token, signal: abort.signal, fetch: this.options.fetch }, ReportSchema).then(
      result => {
        if (abort.signal.aborted) return;
        if (result.ok) {
          this.report = result.value;
          this.reportToken = call.token;
          this.set('complete');
          this.options.onComplete(result.value);
        } else {
          this.report = undefined;
          this.error = result.error;
          this.set('error');
          this.options.onError(result.error);
        }
      },
      () => {}, // aborted: a newer load owns the state
    );
  }

  /**
   * Whether the report on screen answers the request but no longer holds today, whose period starts
   * on `current` (a page left open into the next period): then it is to be loaded again. Each period
   * is marked so once, so a collector whose clock lags cannot make it loop.
   */
  markOutdated(current: string | undefined): boolean {
    const stale = current !== undefined && this.status === 'complete' && this.report?.period.from !== current && this.reloadedFor !== current;
    if (stale) this.reloadedFor = current;
    return stale;
  }

  /** Loads the current request again (the retry button). */
  retry(): void {
    this.load(this.wanted, true);
  }

  hostConnected(): void {
    // A load cut short by a disconnect starts again when the element is back.
    if (this.wanted && this.loadedKey === undefined) this.load(this.wanted);
  }

  hostDisconnected(): void {
    if (this.status !== 'pending') return;
    this.abort?.abort();
    this.loadedKey = undefined;
    this.set(this.report ? 'complete' : 'initial');
  }

  private set(status: LoadStatus): void {
    this.status = status;
    if (status !== 'error') this.error = undefined;
    this.host.requestUpdate();
  }
}
