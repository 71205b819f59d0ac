import * as z from 'zod/mini';
import { IdSchema } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';

/** The most invitations one registration may count. */
export const INVITATIONS_MAX = 10_000_000;

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

const isHttpUrl = (text: string) => /^https?:$/.test(parseUrl(text)?.protocol ?? '');
/** `fetch` refuses a URL with a user name or password; the report token is what authenticates. */
const hasNoCredentials = (text: string) => !parseUrl(text)?.username && !parseUrl(text)?.password;

const RegistrationSchema = z.object({
  collectorUrl: z.string().check(
    z.refine(isHttpUrl, 'Use the collector\'s absolute http(s) URL'),
    z.refine(hasNoCredentials, 'Leave the user name and password out: the report token is the login'),
  ),
  reportToken: z.string().check(z.regex(/^[A-Za-z0-9._~+/-]+=*$/, 'Use the collector\'s REPORT_TOKEN')),
  id: z.optional(z.uuid()),
  surveyId: IdSchema,
  surveyVersion: z.optional(z.int().check(z.minimum(1))),
  // Web and kiosk count the survey shown instead: invitations there would replace that base.
  channel: z.optional(z.enum(['email', 'phone'])),
  day: z.optional(z.iso.date()),
  count: z.int().check(z.minimum(1), z.maximum(INVITATIONS_MAX)),
});

/** What `registerInvitations()` needs. */
export interface RegisterInvitationsOptions {
  /** Where the reference collector runs, e.g. `https://feedback.example.org`; a query string is kept after `/api/invitations`. */
  collectorUrl: string;
  /** The collector's REPORT_TOKEN. Keep it on the server that sends the emails. */
  reportToken: string;
  /** Identifies this mailing (a UUID). Pass a stable one, so a retry is not counted twice; a new one by default. */
  id?: string;
  surveyId: string;
  surveyVersion?: number;
  /**
   * The channel the people were asked on: `email` (the default) for emails sent, or `phone` for
   * callers an operator system offered the survey; the report's response rate of that channel counts from it.
   */
  channel?: 'email' | 'phone';
  /** The day the emails went out, `YYYY-MM-DD`. */
  day?: string;
  /** How many invitations went out: 1–10,000,000. */
  count: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** `registered` is false when the collector already had this `id` (a retry). */
export interface InvitationsRegistration {
  registered: boolean;
}

/** The collector refused a registration, or the answer was not the collector's; `status` is its HTTP status (401, 409, 422 …). */
export class InvitationsError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'InvitationsError';
    this.status = status;
  }
}

/** The collector's own explanation: `{"error": "…"}`, else the start of the body. */
async function reason(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = body.error ?? body.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself
  }
  return text.trim().slice(0, 300) || response.statusText;
}

/** `{collectorUrl}/api/invitations`, built with the URL API: a query string (`?tenant=3`, for a proxy) stays after the path. */
function invitationsUrl(collectorUrl: string): string {
  const url = new URL(collectorUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/invitations`;
  url.hash = '';
  return url.href;
}

/**
 * Tells the reference collector how many invitations went out, so its report can show response
 * rates. Throws a TypeError on bad options, an `InvitationsError` when the collector says no.
 */
export async function registerInvitations(options: RegisterInvitationsOptions): Promise<InvitationsRegistration> {
  const parsed = z.safeParse(RegistrationSchema, options);
  if (!parsed.success) {
    const issues = toIssues(parsed.error.issues);
    throw new TypeError(`Invalid invitation registration:\n${formatIssues(issues)}`, { cause: issues });
  }
  const { collectorUrl, reportToken, id = crypto.randomUUID(), surveyId, surveyVersion, channel = 'email', day, count } = parsed.data;
  const send = options.fetch ?? fetch;
  const response = await send(invitationsUrl(collectorUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${reportToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, surveyId, surveyVersion, channel, day, count }),
    signal: options.signal,
  });
  if (!response.ok) {
    throw new InvitationsError(response.status, `The collector refused the invitations (${response.status}): ${await reason(response)}`);
  }
  const body = (await response.json().catch(() => undefined)) as { registered?: unknown } | null | undefined;
  if (typeof body?.registered === 'boolean') return { registered: body.registered };
  if (response.status === 201) return { registered: true };
  // Not a retry the collector recognised, but another server (a website's fallback page): nothing was counted.
  throw new InvitationsError(response.status, `The answer (${response.status}) is not the collector's: nothing was registered. Check collectorUrl`);
}
