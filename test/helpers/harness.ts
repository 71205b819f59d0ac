import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import type { FeedbackRecord } from '../../src/schema/record.js';
import type { SendResult, Transport } from '../../src/queue/transport.js';

/** How long a test waits for an answer to cross the network to a local endpoint (a loaded CI machine may stall for seconds). */
export const DELIVERY = { timeout: 10_000 };

/**
 * Reads and drives a <feedback-loop> the way a person would: through its rendered controls.
 * Waits on `updateComplete` itself: open-wc's `elementUpdated` does not recognise a promise from
 * an iframe's realm and then waits for an animation frame, which a background test page never gets.
 */
export class LoopHarness {
  constructor(readonly el: FeedbackLoop) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  get base(): HTMLElement {
    return this.root.querySelector('[part="base"]')!;
  }

  get form(): HTMLFormElement {
    return this.root.querySelector('form')!;
  }

  /** Whether the survey form is on screen: it is removed, with its answers, once submitted. */
  get formShown(): boolean {
    const form = this.root.querySelector('form');
    return form !== null && !form.hidden && !this.base.hidden;
  }

  get questions(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="question"]')];
  }

  question(id: string): HTMLElement {
    const found = this.root.querySelector<HTMLElement>(`#q-${id}`);
    if (!found) throw new Error(`no question ${id}`);
    return found;
  }

  legend(id: string): string {
    return this.question(id).querySelector('legend, label.label')!.textContent!.trim();
  }

  radios(id: string): HTMLInputElement[] {
    return [...this.question(id).querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  }

  option(id: string, value: number): HTMLLabelElement {
    return this.radios(id).find(r => r.value === String(value))!.closest('label')!;
  }

  /** Clicks the visible option, as a pointer user does. */
  async choose(id: string, value: number): Promise<void> {
    this.option(id, value).click();
    await this.el.updateComplete;
  }

  /** Waits for running CSS transitions, so computed colours are the final ones. */
  async settle(): Promise<void> {
    await Promise.all(this.root.getAnimations().map(animation => animation.finished));
  }

  get comment(): HTMLTextAreaElement | null {
    return this.root.querySelector('textarea');
  }

  async type(text: string): Promise<void> {
    const area = this.comment!;
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await this.el.updateComplete;
  }

  error(id: string): string {
    // Rendered only while there is a problem.
    const p = this.root.querySelector<HTMLElement>(`#q-${id}-error`);
    return !p || p.hidden ? '' : p.textContent!.trim();
  }

  get submitButton(): HTMLButtonElement {
    return this.root.querySelector('[part="submit"]')!;
  }

  get status(): string {
    return this.root.querySelector('[part="status"]')?.textContent?.trim() ?? '';
  }

  get thanks(): HTMLElement {
    return this.root.querySelector('[part="thanks"]')!;
  }

  /** The line under the thanks: "saved, will be sent" or "sent". */
  get delivery(): string {
    return this.root.querySelector('[part="delivery"]')?.textContent?.trim() ?? '';
  }

  /** The warning shown while an answer lives only in this page. */
  get notice(): HTMLElement {
    return this.root.querySelector('[part="notice"]')!;
  }

  get setupMessage(): HTMLElement {
    return this.root.querySelector('p[role="alert"]')!;
  }

  /** Answers every scale question of the default survey with `value` (NPS gets `nps`). */
  async answerDefault(value = 4, nps = 9): Promise<void> {
    for (const id of ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness']) await this.choose(id, value);
    await this.choose('nps', nps);
  }

  async submit(): Promise<void> {
    this.submitButton.click();
    await this.el.updateComplete;
  }

  /** True when the element itself is visible and nothing of it sticks out sideways. */
  overflowsInline(): boolean {
    return this.base.scrollWidth > this.base.clientWidth + 1 || this.base.getBoundingClientRect().right > window.innerWidth + 1;
  }
}

/** A transport that records what it is given and answers with the queued results (default: accept). */
export function fakeTransport(...results: Array<SendResult | 'accept' | Error>) {
  const calls: FeedbackRecord[][] = [];
  const transport: Transport = async records => {
    calls.push(records);
    const next = results.shift() ?? 'accept';
    if (next instanceof Error) throw next;
    return next === 'accept' ? { ok: true, ids: records.map(r => r.id) } : next;
  };
  return { transport, calls };
}

/** A transport whose answer (accept) waits for `release()`: the request stays on its way meanwhile. */
export function heldTransport() {
  let answer: (() => void) | undefined;
  const transport: Transport = records =>
    new Promise(resolve => {
      answer = () => resolve({ ok: true, ids: records.map(r => r.id) });
    });
  return {
    transport,
    /** True once a request has been made. */
    get started(): boolean {
      return answer !== undefined;
    },
    release: () => answer?.(),
  };
}

export const SERVER_ERROR: SendResult = { ok: false, reason: 'http', status: 500, retryable: true };
