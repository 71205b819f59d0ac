import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { ReportError } from '../../events/report-events.js';
import { apiUrl } from './api-url.js';
import { CommentPageSchema, type Comment } from './list-schemas.js';
import { requestJson } from './report-api.js';
import type { LoadStatus } from './report-controller.js';

/** Comments per page. */
export const COMMENT_PAGE = 20;
/** Typing pauses this long before the search is sent. */
export const SEARCH_DELAY_MS = 300;

export interface CommentsSource {
  endpoint: string;
  token: string;
  /** The report's parameters: the same cut as the tables. */
  params: URLSearchParams;
}

type Host = ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'>;

/**
 * The comments of the report's cut: a server-side search (sent after a pause in typing, or at
 * once on Enter) and further pages through the `next` cursor. A new cut or search aborts the old one.
 */
export class CommentsController implements ReactiveController {
  status: LoadStatus = 'initial';
  comments: Comment[] = [];
  next: string | null = null;
  error?: ReportError;
  /** The search text as typed (spaces kept: a re-render puts it back in the field); sent trimmed. */
  query = '';
  private source?: CommentsSource;
  private sourceKey?: string;
  private abort?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: Host,
    private readonly options: { onError: (error: ReportError) => void; fetch?: typeof fetch },
  ) {
    host.addController(this);
  }

  /** The cut to list; a change (or `force`) starts over from the first page. `undefined` stops. */
  configure(source: CommentsSource | undefined, force = false): void {
    const key = source && `${source.token}\n${source.endpoint}\n${source.params}`;
    if (!force && key === this.sourceKey) return;
    // Another reader must never see the last reader's comments while theirs load (as the report).
    if (source?.token !== this.source?.token) (this.comments = []), (this.next = null);
    this.source = source;
    this.sourceKey = key;
    void this.load(false);
  }

  /** A new search text: sent after SEARCH_DELAY_MS, or at once with `now`. */
  search(query: string, now = false): void {
    this.query = query;
    clearTimeout(this.timer);
    if (now) void this.load(false);
    else this.timer = setTimeout(() => void this.load(false), SEARCH_DELAY_MS);
  }

  /** The next page, after the ones shown. */
  /** Resolves once that page is shown, or failed. */
  async more(): Promise<void> {
    if (this.next && this.status !== 'pending') await this.load(true);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
    // Loaded again from the first page when the element is back.
    this.sourceKey = undefined;
    this.status = 'initial';
  }

  hostConnected(): void {
    if (this.source && this.sourceKey === undefined) this.configure(this.source);
  }

  private load(append: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.abort?.abort();
    const source = this.source;
    if (!source) {
      this.comments = [];
      this.next = null;
      this.status = 'initial';
      this.host.requestUpdate();
      return Promise.resolve();
    }
    const params = new URLSearchParams(source.params);
    const q = this.query.trim();
    if (q) params.set('q', q);
    params.set('limit', String(COMMENT_PAGE));
    if (append && this.next) params.set('after', this.next);
    const abort = (this.abort = new AbortController());
    this.status = 'pending';
    this.host.requestUpdate();
    const call = { url: apiUrl(source.endpoint, 'comments', params), token: source.token, signal: abort.signal, fetch: this.options.fetch };
    return requestJson('comments', call, CommentPageSchema).then(
      result => {
        if (abort.signal.aborted) return;
        if (result.ok) {
          this.comments = append ? [...this.comments, ...result.value.comments] : result.value.comments;
          this.next = result.value.next;
          this.status = 'complete';
        } else {
          // Comments of another cut or search would read as answers to this one.
          if (!append) (this.comments = []), (this.next = null);
          this.error = result.error;
          this.status = 'error';
          this.options.onError(result.error);
        }
        this.host.requestUpdate();
      },
      () => {},
    );
  }
}
