import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { loadSurvey } from '../../net/survey-source.js';
import { checkEndpoint } from '../../schema/endpoint.js';
import type { Survey } from '../../schema/survey.js';

export type SurveySource =
  | { state: 'none' }
  | { state: 'loading'; url: string }
  | { state: 'ready'; url: string; survey: Survey }
  | { state: 'failed'; url: string; error: FeedbackErrorDetail };

/**
 * Loads the survey JSON named by `survey-src` (after the same URL check as `endpoint`), aborting a
 * load that a newer URL replaces.
 */
export class SurveySourceController implements ReactiveController {
  private current: SurveySource = { state: 'none' };
  private requested?: string;
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'>,
    private readonly fetchImpl?: typeof fetch,
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
    this.abort?.abort();
    if (!src) {
      this.set({ state: 'none' });
      return;
    }
    const checked = checkEndpoint(src, document.baseURI);
    if (!checked.ok) {
      const message = `Refused survey-src "${src}" (${checked.problem})`;
      this.set({ state: 'failed', url: src, error: { code: 'invalid-attribute', message } });
      return;
    }
    const href = checked.url.href;
    const abort = (this.abort = new AbortController());
    this.set({ state: 'loading', url: src });
    loadSurvey(href, { signal: abort.signal, fetch: this.fetchImpl }).then(
      loaded => {
        if (abort.signal.aborted) return;
        if (loaded.ok) this.set({ state: 'ready', url: src, survey: loaded.survey });
        else {
          const code = loaded.kind === 'invalid' ? 'invalid-survey' : 'survey-load-failed';
          const issues = loaded.kind === 'invalid' ? loaded.issues : undefined;
          this.set({ state: 'failed', url: src, error: { code, message: loaded.message, issues } });
        }
      },
      () => {}, // aborted: a newer load owns the state
    );
  }

  hostConnected(): void {
    // A load cut short by a disconnect starts again when the element is back.
    if (this.current.state === 'none' && this.requested) this.load(this.requested);
  }

  hostDisconnected(): void {
    // Loading again on reconnect is cheaper than keeping a stale request alive.
    this.abort?.abort();
    if (this.current.state === 'loading') this.current = { state: 'none' };
  }

  private set(source: SurveySource): void {
    const previous = this.current;
    this.current = source;
    // Named, with the old value, so the element sees a change and re-checks its setup.
    this.host.requestUpdate('surveySource', previous);
  }
}
