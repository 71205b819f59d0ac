import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import type { LoadedMessages, MessageOverrides } from './messages.js';
import { closestLang } from './closest-lang.js';
import { onLocalesChange, resolveLocale, withOverrides } from './registry.js';

type Host = ReactiveControllerHost &
  Pick<ReactiveElement, 'requestUpdate'> &
  HTMLElement & { messages?: MessageOverrides };

export { closestLang };

/**
 * Resolves the element's language (its own `lang`, the closest `[lang]`, `<html lang>`, then
 * English) and re-renders when any `lang` on the page changes or a locale is registered.
 */
export class LocalizeController implements ReactiveController {
  private observer?: MutationObserver;
  private stopListening?: () => void;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    const update = () => this.host.requestUpdate();
    // One filtered observer per element: only `lang` attributes anywhere in the light DOM.
    this.observer = new MutationObserver(update);
    this.observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
    // A new locale adds labels to the built-in survey: named, so the element re-checks its setup.
    this.stopListening = onLocalesChange(() => this.host.requestUpdate('locales', Symbol('locales')));
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.stopListening?.();
  }

  /** The language tag asked for by the page, e.g. `fr-BE`. */
  get requested(): string | undefined {
    return closestLang(this.host);
  }

  /** The messages in the resolved language, with the host's overrides. */
  get messages(): LoadedMessages {
    return withOverrides(resolveLocale(this.requested), this.host.messages);
  }
}
