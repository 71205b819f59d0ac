import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { loadSurvey } from '../../net/survey-source.js';
import { checkEndpoint, withoutCredentials } from '../../schema/endpoint.js';
import type { Survey } from '../../schema/survey.js';
import type { Clock } from './clock.js';

export type SurveySource =
  | { state: 'none' }
  | { state: 'loading'; url: string }
  | { state: 'ready'; url: string; survey: Survey }
  | { state: 'failed'; url: string; error: FeedbackErrorDetail };

/** First wait before loading a survey again after no answer or a 5xx; doubled each time, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 300_000;

/**
 * Loads the survey JSON named by `survey-src` (after the same URL check as `endpoint`), aborting a
 * load that a newer URL replaces. A load that got no answer (offline, a timeout, a 5xx) is tried
 * again with a growing wait, and at once when the browser is back online: a kiosk or an email
 * page that opened on a bad connection shows its survey once the connection is back.
 */
export class SurveySourceController implements ReactiveController {
  private current: SurveySource = { state: 'none' };
  private requested?: string;
  private abort?: AbortController;
  private failures = 0;
  /** The last failure is worth trying again: the wait before that, re-armed when the element is back. */
  private wait = 0;
  private retry?: { clock: Clock; handle: unknown };

  constructor(
    private readonly host: ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'>,
    /** The element's clock, for the wait before trying again. */
    private readonly clock: () => Clock,
  ) {
    host.addController(this);
  }

  get source(): SurveySource {
    return this.current;
  }

  /** Starts loading `src` unless it is already the current one; `undefined` clears. */
  load(src: string | undefined): void {
    this.requested = src;
    if (this.current.state !== 'none' && this.current.url === src) return;
    this.failures = this.wait = 0;
    this.start(src);
  }

  private start(src: string | undefined): void {
    this.stopRetry();
    this.abort?.abort();
    if (!src) {
      this.set({ state: 'none' });
      return;
    }
    const checked = checkEndpoint(src, document.baseURI);
    if (!checked.ok) {
      const message = `Refused survey-src "${withoutCredentials(src)}" (${checked.problem})`;
      this.set({ state: 'failed', url: src, error: { code: 'invalid-attribute', message } });
      return;
    }
    const href = checked.url.href;
    const abort = (this.abort = new AbortController());
    // Tried again: "cannot be shown right now" stays until it loads, and is not announced again.
    if (this.current.state !== 'failed' || this.current.url !== src) this.set({ state: 'loading', url: src });
    loadSurvey(href, { signal: abort.signal }).then(
      loaded => {
        if (abort.signal.aborted) return;
        this.wait = 0;
        if (loaded.ok) this.set({ state: 'ready', url: src, survey: loaded.survey });
        else {
          const code = loaded.kind === 'invalid' ? 'invalid-survey' : 'survey-load-failed';
          const issues = loaded.kind === 'invalid' ? loaded.issues : undefined;
          // Tried again and failed the same way: the error already reported stays, whatever its new wording.
          const before = this.current;
          const same = before.state === 'failed' && before.url === src && before.error.code === code;
          this.set({ state: 'failed', url: src, error: same ? before.error : { code, message: loaded.message, issues } });
          if (loaded.kind === 'load' && loaded.retryable) {
            this.wait = Math.min(RETRY_FIRST_MS * 2 ** this.failures++, RETRY_MAX_MS);
            this.arm();
          }
        }
      },
      () => {}, // aborted: a newer load owns the state
    );
  }

  hostConnected(): void {
    // A load cut short by a disconnect starts again when the element is back; one waiting to be
    // tried again waits again (a framework moving the element must not skip the backoff).
    if (this.current.state === 'none' && this.requested) this.load(this.requested);
    else if (this.current.state === 'failed' && this.wait > 0) this.arm();
  }

  hostDisconnected(): void {
    // Loading again on reconnect is cheaper than keeping a stale request alive.
    this.abort?.abort();
    this.stopRetry();
    if (this.current.state === 'loading') this.current = { state: 'none' };
  }

  private arm(): void {
    const clock = this.clock();
    this.retry = { clock, handle: clock.setTimeout(() => this.reload(), this.wait) };
  }

  private stopRetry(): void {
    this.retry?.clock.clearTimeout(this.retry.handle);
    this.retry = undefined;
  }

  /** Back online (SyncController hears it): a load waiting to be tried again goes now. */
  pageEvent(event: Event): void {
    if (event.type === 'online' && this.retry) this.reload();
  }

  /** The failed survey-src again. */
  private reload(): void {
    const { current } = this;
    if (current.state === 'failed') this.start(current.url);
  }

  private set(source: SurveySource): void {
    const previous = this.current;
    this.current = source;
    // Named, with the old value, so the element sees a change and re-checks its setup.
    this.host.requestUpdate('surveySource', previous);
  }
}
