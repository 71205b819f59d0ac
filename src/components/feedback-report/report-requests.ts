// What <feedback-report> asks the collector for, from its settings: the report, the comments of the
// same cut, the call-back requests, and the token the exports go with. Pure, but for the check of
// the endpoint against the page's URL (endpointBase).
import type { ReportError } from '../../events/report-events.js';
import { withoutCredentials } from '../../schema/endpoint.js';
import type { CommentsSource } from './comments-controller.js';
import type { ContactsSource } from './contacts-controller.js';
import { apiUrl, endpointBase } from './api-url.js';
import type { Report } from '../../report/report-schema.js';
import type { Authorised } from './report-controller.js';
import { requestOf, type ReportSettings } from './report-settings.js';

/** Report parameters that do not apply to the list of comments. */
const NOT_FOR_COMMENTS = ['breakdown', 'min', 'compare'];

export interface RequestSettings extends ReportSettings {
  endpoint: string;
  token?: string | undefined;
  noComments: boolean;
  noContacts: boolean;
  /** The report on screen: one that says the survey has no comment question takes their list away too. */
  report?: Pick<Report, 'hasComments'> | undefined;
}

/** Each request; `undefined` when it is not to be made (no token, a refused endpoint, hidden). */
export interface Requests {
  report?: Authorised | undefined;
  comments?: CommentsSource | undefined;
  contacts?: ContactsSource | undefined;
  /** The token the exports ask with. */
  token?: string;
  /** The first day of the period holding today, when the collector's today decides it (see requestOf). */
  current?: string | undefined;
}

/** The endpoint and token to ask with, once both are there and the endpoint is allowed. */
export function readyOf({ endpoint, token }: Pick<RequestSettings, 'endpoint' | 'token'>): { base: string; token: string } | undefined {
  const base = endpointBase(endpoint);
  const trimmed = token?.trim();
  return base !== undefined && trimmed ? { base, token: trimmed } : undefined;
}

/** The requests for `settings`, with `today` for the default period. */
export function requestsOf(settings: RequestSettings, today: string): Requests {
  const { params, current } = requestOf(settings, today);
  const ready = readyOf(settings);
  if (!ready) return { current };
  const { base: endpoint, token } = ready;
  const commentParams = new URLSearchParams([...params].filter(([name]) => !NOT_FOR_COMMENTS.includes(name)));
  return {
    report: { url: apiUrl(endpoint, 'report', params), token },
    // None for a survey the report says has no comment question: nobody could write one.
    comments: settings.noComments || settings.report?.hasComments === false ? undefined : { endpoint, token, params: commentParams },
    // An empty survey-id is none, as in the report's own request.
    contacts: settings.noContacts ? undefined : { endpoint, token, surveyId: settings.surveyId || undefined },
    token,
    current,
  };
}

/** The error for an endpoint the element refuses (http to another host, credentials in it), if it is one. */
export function endpointError(endpoint: string): ReportError | undefined {
  if (endpointBase(endpoint) !== undefined) return undefined;
  const message = `Refused endpoint "${withoutCredentials(endpoint)}": use https, a relative URL, or http on localhost, with no user name or password in it`;
  return { code: 'invalid-endpoint', request: 'report', message };
}
