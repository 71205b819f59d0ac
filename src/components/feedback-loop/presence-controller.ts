import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FeedbackDismissEvent, FeedbackShownEvent } from '../../events/feedback-events.js';
import type { FlagStore } from '../../queue/local-flags.js';
import { markShown, sendShown, type ShownSend } from '../../queue/shown-counts.js';
import { mintId } from '../../schema/mint-id.js';
import { afterPaint } from './after-paint.js';
import { inCooldown, startCooldown } from './cooldown.js';

/** Whether the survey shows, and what it leaves behind in this browser. */
export interface Presence {
  /** `web` follows the cooldown; `kiosk` and `email` always show. */
  mode: 'web' | 'kiosk' | 'email';
  /** `manual`: hidden until the host calls `open()`. */
  trigger: 'auto' | 'manual';
  cooldownDays: number;
  surveyId: string;
  surveyVersion: number;
  channel: string;
  endpoint: string;
  /** Sends shown counts; absent when they are not wanted or the endpoint is a custom transport: then nothing is counted. */
  sendShown?: ShownSend;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Decides whether the survey is open: the website cooldown after an answer or a dismissal (the
 * half-year rule), `trigger="manual"` with `open()`, the dismiss button. Counts it as shown, once
 * per browser and day, when it is actually on screen.
 */
export class PresenceController implements ReactiveController {
  private presence?: Presence;
  private opened = false;
  /** `open()` was called before the survey was ready; honoured once it is. */
  private wanted?: { force: boolean };
  private counted?: string;
  /** A count that waits for the paint; an element taken off the page first was not seen. */
  private unpainted?: Presence;
  private cancelCount?: () => void;

  constructor(
    private readonly host: Host,
    private readonly deps: { flags: () => FlagStore; now: () => number },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.unpainted && !this.cancelCount) this.countAfterPaint(this.unpainted);
  }

  hostDisconnected(): void {
    this.cancelCount?.();
    this.cancelCount = undefined;
  }

  get isOpen(): boolean {
    return this.opened;
  }

  configure(presence: Presence | undefined): void {
    const again = presence && this.presence && presence.surveyId === this.presence.surveyId;
    this.presence = presence;
    // Counts turned off (or the survey gone) before the paint: the count that waits for it is off too.
    if (!presence?.sendShown) {
      this.cancelCount?.();
      this.cancelCount = this.unpainted = this.counted = undefined;
    }
    if (!presence) return;
    if (presence.mode !== 'web') this.opened = true;
    else if (!again) this.opened = presence.trigger === 'auto' && !this.cooling();
    if (this.wanted) this.open(this.wanted.force);
  }

  /** Shows the survey, unless this browser is in its cooldown (`force` overrides). */
  open(force = false): boolean {
    if (!this.presence) {
      this.wanted = { force };
      return false;
    }
    this.wanted = undefined;
    if (!this.opened && (force || !this.cooling())) this.opened = true;
    this.host.requestUpdate();
    return this.opened;
  }

  /** The respondent answered: on a website, not asked again during the cooldown. */
  answered(): void {
    const p = this.presence;
    if (p?.mode === 'web' && p.cooldownDays > 0) startCooldown(this.deps.flags(), p.surveyId, p.cooldownDays, this.deps.now());
  }

  dismiss(): void {
    const p = this.presence;
    if (!p) return;
    const now = this.deps.now();
    const end = p.cooldownDays > 0 ? startCooldown(this.deps.flags(), p.surveyId, p.cooldownDays, now) : now;
    this.opened = false;
    this.host.requestUpdate();
    this.host.dispatchEvent(new FeedbackDismissEvent({ surveyId: p.surveyId, until: new Date(end).toISOString() }));
  }

  /** Called after each render: counts the open survey once it is painted, and sends what waits. */
  rendered(): void {
    const p = this.presence;
    // A tablet shows it all day: no meaning. Without a sender no one would send it.
    if (!p?.sendShown || !this.opened || p.mode === 'kiosk') return;
    const key = `${p.surveyId}@${p.surveyVersion}|${p.channel}|${p.endpoint}`;
    if (this.counted === key) return;
    this.counted = key;
    this.countAfterPaint(p);
  }

  /** localStorage and a fetch before the paint would delay the survey itself (issue 7). */
  private countAfterPaint(p: Presence): void {
    this.cancelCount?.(); // another survey replaced it before it was painted
    this.unpainted = p;
    this.cancelCount = afterPaint(() => {
      this.unpainted = this.cancelCount = undefined;
      this.count(p);
    });
  }

  private count(p: Presence): void {
    const flags = this.deps.flags();
    const now = this.deps.now();
    const item = markShown(flags, p, now, mintId);
    if (item) this.host.dispatchEvent(new FeedbackShownEvent({ surveyId: item.surveyId, surveyVersion: item.surveyVersion, channel: item.channel, day: item.day }));
    void sendShown(flags, p.endpoint, p.sendShown!, now);
  }

  private cooling(): boolean {
    const p = this.presence!;
    return inCooldown(this.deps.flags(), p.surveyId, p.cooldownDays, this.deps.now());
  }
}
