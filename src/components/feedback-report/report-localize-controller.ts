import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import { closestLang } from '../../i18n/closest-lang.js';
import { resolveReportMessages, withReportOverrides, type ReportMessageOverrides, type ReportMessages } from '../../i18n/report-messages.js';
import { reportFormat, type ReportFormat } from './report-format.js';

/** Whether Intl accepts `tag` (a `lang` attribute can hold anything). */
function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length > 0;
  } catch {
    return false;
  }
}

type Host = ReactiveControllerHost & Pick<ReactiveElement, 'requestUpdate'> & HTMLElement & { messages?: ReportMessageOverrides };

/**
 * The survey's LocalizeController, for the report's own messages: the element's `lang`, the
 * closest `[lang]`, `<html lang>`; re-renders when any `lang` on the page changes.
 */
export class ReportLocalizeController implements ReactiveController {
  private observer?: MutationObserver;
  private cached?: { key: string; periodNumber: ReportMessages['periodNumber']; format: ReportFormat };

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  get messages(): ReportMessages {
    return withReportOverrides(resolveReportMessages(closestLang(this.host)), this.host.messages);
  }

  /**
   * Formatters for the page's language tag when the messages are in that language (`nl-BE` keeps
   * its region), else for the messages' language, so digits match the words around them.
   */
  format(m: ReportMessages): ReportFormat {
    const requested = closestLang(this.host);
    const language = (tag: string) => tag.split('-')[0]!.toLowerCase();
    const usable = requested && language(requested) === language(m.$code) && isLocale(requested);
    const locale = usable ? [requested, m.$code] : [m.$code];
    const key = locale.join();
    if (this.cached?.key !== key || this.cached.periodNumber !== m.periodNumber) {
      this.cached = { key, periodNumber: m.periodNumber, format: reportFormat(locale, m) };
    }
    return this.cached.format;
  }
}
