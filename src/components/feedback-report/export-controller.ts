import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { ReportError } from '../../events/report-events.js';
import { requestFile } from './report-api.js';
import type { Authorised } from './report-controller.js';
import { saveFile } from './save-file.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Host = ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate' | 'renderRoot'>;

/**
 * The export buttons: the files need the token in a header, so they are fetched, then saved from
 * a Blob (a plain link could not carry the token, and must not carry it in its URL).
 */
export class ExportController implements ReactiveController {
  /** The format being fetched. */
  busy?: ExportFormat;
  /** The format of the last download (the one `error` is about). */
  format?: ExportFormat;
  error?: ReportError;
  private abort?: AbortController;
  /** The token of the download under way. */
  private token?: string;

  constructor(
    private readonly host: Host,
    private readonly options: { onError: (error: ReportError) => void; fetch?: typeof fetch; save?: typeof saveFile },
  ) {
    host.addController(this);
  }

  /** Fetches the export and saves it as the server's file name, else `fallbackName`. */
  async download(format: ExportFormat, call: Authorised, fallbackName: string): Promise<void> {
    if (this.busy) return;
    const abort = (this.abort = new AbortController());
    this.token = call.token;
    this.busy = this.format = format;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const result = await requestFile({ ...call, signal: abort.signal, fetch: this.options.fetch });
      if (abort.signal.aborted) return;
      if (result.ok) (this.options.save ?? saveFile)(result.value.blob, result.value.name ?? fallbackName, this.host.renderRoot as ShadowRoot);
      else {
        this.error = result.error;
        this.options.onError(result.error);
      }
    } catch {
      // aborted by a disconnect or another token: nothing to save
    } finally {
      this.busy = undefined;
      this.host.requestUpdate();
    }
  }

  /**
   * The token to ask with now: under another one (or none), a download still under way is aborted
   * and not saved, and the last reader's error goes (the next reader has not exported anything).
   */
  configure(token: string | undefined): void {
    if (token === this.token) return;
    this.token = token;
    this.abort?.abort();
    this.error = undefined;
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }
}
