import type { Context, Handler } from 'hono';
import * as z from 'zod/mini';
import { EmailSchema, PhoneSchema } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';
import { readJson } from './read-json.js';
import { DEFAULT_PAGE, LimitSchema, singleParams } from './read-query.js';
import { problem } from './response-routes.js';
import type { CollectorStore } from './store.js';

const DAY_MS = 86_400_000;

export interface ContactRouteOptions {
  store: CollectorStore;
  /** Contact requests older than this many days are deleted. */
  retentionDays: number;
  /** Wall-clock time, for the retention. */
  clock: () => Date;
  log?: (line: string) => void;
}

const ListQuerySchema = z.strictObject({
  handled: z.optional(z.enum(['true', 'false'])),
  surveyId: z.optional(IdSchema),
  email: z.optional(EmailSchema),
  phone: z.optional(PhoneSchema),
  limit: z.optional(LimitSchema),
});

const PatchSchema = z.strictObject({ handled: z.boolean() });

const ContactIdSchema = z.uuid();

/**
 * Deletes the contact requests past their retention (never the answers); logs how many, never whose.
 */
export async function purgeContacts({ store, retentionDays, clock, log }: ContactRouteOptions): Promise<number> {
  const deleted = await store.purgeContacts(new Date(clock().getTime() - retentionDays * DAY_MS));
  if (deleted > 0) log?.(`${deleted} contact request(s) deleted after ${retentionDays} days`);
  return deleted;
}

/** The `:id` of the path, or a 400 for one that cannot be a request's id. */
function contactIdOf(c: Context): string | Response {
  const id = c.req.param('id') ?? '';
  return z.safeParse(ContactIdSchema, id).success ? id.toLowerCase() : problem(c, 400, 'Use the id of a contact request (a UUID, as GET /api/contacts gives it) in the path.');
}

/** `GET /api/contacts?handled=&surveyId=&email=&phone=&limit=`: call-back requests still kept, newest first. */
export function getContacts(options: ContactRouteOptions): Handler {
  return async c => {
    const params = singleParams(c.req.url);
    if (typeof params === 'string') return problem(c, 400, params);
    const parsed = z.safeParse(ListQuerySchema, params);
    if (!parsed.success) return problem(c, 400, formatIssues(toIssues(parsed.error.issues)));
    const { handled, surveyId, email, phone, limit } = parsed.data;
    await purgeContacts(options);
    const contacts = await options.store.listContacts({
      limit: limit ?? DEFAULT_PAGE,
      ...(handled ? { handled: handled === 'true' } : {}),
      ...(surveyId ? { surveyId } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    });
    return c.json({ contacts });
  };
}

/** `PATCH /api/contacts/:id` with `{"handled": true|false}`. */
export function patchContact(options: ContactRouteOptions): Handler {
  return async c => {
    const id = contactIdOf(c);
    if (typeof id !== 'string') return id;
    const body = readJson(new Uint8Array(await c.req.arrayBuffer()));
    if (!body.ok) return problem(c, 400, body.error);
    const parsed = z.safeParse(PatchSchema, body.json);
    if (!parsed.success) return problem(c, 400, `Expected {"handled": true} or {"handled": false}. ${formatIssues(toIssues(parsed.error.issues))}`);
    await purgeContacts(options);
    const contact = await options.store.setContactHandled(id, parsed.data.handled);
    return contact ? c.json(contact) : problem(c, 404, `No contact request ${id}.`);
  };
}

/** `DELETE /api/contacts/:id`: forgets the contact details at the respondent's request; the answer stays. */
export function deleteContact({ store, log }: ContactRouteOptions): Handler {
  return async c => {
    const id = contactIdOf(c);
    if (typeof id !== 'string') return id;
    if (!(await store.deleteContact(id))) return problem(c, 404, `No contact request ${id}.`);
    log?.('1 contact request deleted on request');
    return c.body(null, 204);
  };
}
