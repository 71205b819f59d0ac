import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { ReportError } from '../../events/report-events.js';
import { apiUrl } from './api-url.js';
import { ContactListSchema, contactId, ContactSchema, type Contact } from './list-schemas.js';
import { requestJson } from './report-api.js';
import type { LoadStatus } from './report-controller.js';

export interface ContactsSource {
  endpoint: string;
  token: string;
  surveyId?: string;
}

type Host = ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'>;

/** The call-back requests not yet handled, and marking one handled (`PATCH /api/contacts/:id`). */
export class ContactsController implements ReactiveController {
  status: LoadStatus = 'initial';
  contacts: Contact[] = [];
  error?: ReportError;
  /** Response ids whose PATCH is on its way. */
  readonly saving = new Set<string>();
  /** How many were marked handled here: keys the announcement, so each one is spoken. */
  handledCount = 0;
  /** Marks that failed, by id: the request stays on the list with its error, which is not the list's. */
  readonly markErrors = new Map<string, ReportError>();
  /**
   * Marked handled while the list was loading: the collector may have read the list before it
   * stored the mark, so these stay off the list that arrives.
   */
  private handledDuringLoad = new Set<string>();
  private source?: ContactsSource;
  private sourceKey?: string;
  private abort?: AbortController;

  constructor(
    private readonly host: Host,
    private readonly options: { onError: (error: ReportError) => void; fetch?: typeof fetch },
  ) {
    host.addController(this);
  }

  /** Which survey's requests to list; `undefined` stops. */
  configure(source: ContactsSource | undefined): void {
    const key = source && `${source.token}\n${source.endpoint}\n${source.surveyId ?? ''}`;
    if (key === this.sourceKey) return;
    this.source = source;
    this.sourceKey = key;
    this.reload();
  }

  reload(): void {
    this.abort?.abort();
    const source = this.source;
    this.contacts = [];
    this.error = undefined;
    this.markErrors.clear();
    this.handledDuringLoad = new Set();
    this.status = source ? 'pending' : 'initial';
    this.host.requestUpdate();
    if (!source) return;
    const params = new URLSearchParams({ handled: 'false' });
    if (source.surveyId) params.set('surveyId', source.surveyId);
    const abort = (this.abort = new AbortController());
    const call = { url: apiUrl(source.endpoint, 'contacts', params), token: source.token, signal: abort.signal, fetch: this.options.fetch };
    const handled = this.handledDuringLoad;
    requestJson('contacts', call, ContactListSchema).then(
      result => {
        if (abort.signal.aborted) return;
        if (result.ok) this.contacts = result.value.contacts.filter(c => !c.handled && !handled.has(contactId(c)));
        this.settle(result.ok ? undefined : result.error);
      },
      () => {},
    );
  }

  /**
   * Marks one request handled; it leaves the list once the collector confirms. A failure keeps it
   * there with its own error (in `markErrors`), and the list's state as it was.
   */
  async markHandled(id: string): Promise<void> {
    const source = this.source;
    if (!source || this.saving.has(id)) return;
    this.saving.add(id);
    // Said again if this try fails too: a new alert, not the old text left in place.
    this.markErrors.delete(id);
    this.host.requestUpdate();
    const url = apiUrl(source.endpoint, `contacts/${encodeURIComponent(id)}`);
    const result = await requestJson('contact-handled', { url, token: source.token, method: 'PATCH', body: { handled: true }, fetch: this.options.fetch }, ContactSchema);
    this.saving.delete(id);
    if (result.ok) {
      this.contacts = this.contacts.filter(c => contactId(c) !== id);
      this.handledDuringLoad.add(id);
      this.handledCount++;
    } else {
      // Not under another reader's token: their list must not show this one's failure.
      if (source.token === this.source?.token) this.markErrors.set(id, result.error);
      this.options.onError(result.error);
    }
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (this.source && this.sourceKey === undefined) this.configure(this.source);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.sourceKey = undefined;
  }

  private settle(error: ReportError | undefined): void {
    this.error = error;
    this.status = error ? 'error' : 'complete';
    this.host.requestUpdate();
    if (error) this.options.onError(error);
  }
}
