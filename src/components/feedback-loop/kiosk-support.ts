import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { LoadedMessages, MessageOverrides } from '../../i18n/messages.js';
import type { Clock } from './clock.js';
import type { SyncController } from './sync-controller.js';

/** What a tablet does between respondents; times in ms. */
export interface KioskSettings {
  /** How long the thank-you stays before a fresh survey. */
  thanksMs: number;
  /** Time without a touch before a half-filled survey is reset. */
  idleMs: number;
  /** The last part of `idleMs`, shown as a countdown. */
  warningMs: number;
  /** At the idle timeout: `discard` the half-filled survey, or `keep` (store it if it is complete enough). */
  idleAction: 'discard' | 'keep';
}

export type ResetReason = 'thanks' | 'idle' | 'next' | 'restored';

export interface KioskHooks {
  clock: () => Clock;
  /** Whether the respondent has started answering. */
  touched: () => boolean;
  /** Stores a started answer if it passes validation; resolves whether it was stored (false: none to store). */
  keep: () => false | Promise<boolean>;
  /** Clears the survey for the next respondent (kiosk mode moves focus to it). */
  reset: (reason: ResetReason) => void;
}

/** What the element lends kiosk mode: its clock, answers and outbox. */
export interface KioskModeHooks extends KioskHooks {
  outbox: () => SyncController;
  pin: () => string | undefined;
  messages: () => LoadedMessages;
  /** The host's `messages` property: single strings to override. */
  overrides: () => MessageOverrides | undefined;
}

/** Kiosk mode as the element sees it; `feedback-loop/kiosk.js` provides it. */
export interface KioskPart {
  /** Whether the screen is kept awake right now. */
  readonly awake: boolean;
  configure(settings: KioskSettings | undefined): void;
  /** A touch, key, click or focus in the survey; ignored while kiosk mode itself moves focus; a stray tap is cancelled. */
  activity(event: Event): void;
  submitted(): void;
  /** A page event from SyncController's listeners (STYLE §4): `pageshow` and `visibilitychange` matter (a restored or waking tablet). */
  pageEvent(event: Event): void;
  resetNow(reason: ResetReason): void;
  /** After each render: focus into and out of the idle warning and the staff panel. */
  updated(root: ShadowRoot): void;
  render(idleWarningSeconds: number): TemplateResult;
}

export type KioskFactory = (host: ReactiveControllerHost & HTMLElement, hooks: KioskModeHooks) => KioskPart;

// Kiosk mode is opt-in, as Arabic is: a website or an email landing page never downloads its timers,
// staff panel and styles. Imported statically beside the element, it is there before the first render
// (no second request to fail on a tablet that goes offline).
let factory: KioskFactory | undefined;

/** Called once by `feedback-loop/kiosk.js`. */
export function provideKiosk(create: KioskFactory): void {
  factory = create;
}

/** Kiosk mode, when the page loaded it. */
export function kioskFactory(): KioskFactory | undefined {
  return factory;
}
