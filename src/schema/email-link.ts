import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { InvitationSchema } from './record.js';
import { IdSchema } from './survey.js';

/**
 * The query parameters of an email link: the question answered in the email, the value clicked
 * and the invitation token. Prefixed, so they do not clash with the landing page's own.
 */
export const EMAIL_PARAMS = { question: 'fl-question', value: 'fl-value', token: 'fl-token' } as const;

/** What an email link says; each part only when present and well-formed. */
export interface EmailLink {
  questionId?: string;
  value?: number;
  token?: string;
}

const ValueSchema = lazySchema(() => z.string().check(z.regex(/^(10|[0-9])$/)));

/**
 * Reads an email link's parameters. Malformed parts are left out (a link mangled by a mail client
 * must still open an empty survey), and whether the value fits the question is for the survey.
 */
export function readEmailLink(search: string | URLSearchParams): EmailLink {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const link: EmailLink = {};
  const question = params.get(EMAIL_PARAMS.question);
  const value = params.get(EMAIL_PARAMS.value);
  const token = params.get(EMAIL_PARAMS.token);
  if (question !== null && z.safeParse(IdSchema, question).success) link.questionId = question;
  if (value !== null && z.safeParse(ValueSchema, value).success) link.value = Number(value);
  if (token !== null && z.safeParse(InvitationSchema, token).success) link.token = token;
  return link;
}

/**
 * The landing page URL with an email link's parameters added (the page's own are kept). Any left
 * in `landingUrl` go first: one copied from a clicked link would give every recipient its token.
 */
export function emailLink(landingUrl: string | URL, link: EmailLink): string {
  const url = new URL(landingUrl);
  for (const name of Object.values(EMAIL_PARAMS)) url.searchParams.delete(name);
  if (link.questionId !== undefined) url.searchParams.set(EMAIL_PARAMS.question, link.questionId);
  if (link.value !== undefined) url.searchParams.set(EMAIL_PARAMS.value, String(link.value));
  if (link.token !== undefined) url.searchParams.set(EMAIL_PARAMS.token, link.token);
  return url.href;
}
