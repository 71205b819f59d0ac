import type { Handler } from 'hono';
import * as z from 'zod/mini';
import { ChannelSchema } from '../schema/record.js';
import { IdSchema } from '../schema/survey.js';
import { formatIssues, toIssues } from '../schema/validate.js';
import { dayIn } from '../report/period.js';
import { addDays, DaySchema } from '../schema/day.js';
import { readJson } from './read-json.js';
import { singleParams } from './read-query.js';
import { problem } from './response-routes.js';
import type { CollectorStore, InvitationBatch } from './store.js';
import type { SurveyLookup } from './survey-lookup.js';

export const MAX_INVITATIONS = 10_000_000;

const InvitationSchema = z.strictObject({
  /** Made by the sender once per batch, so that a retry is recognised. */
  id: z.uuid(),
  surveyId: IdSchema,
  surveyVersion: z.optional(z.int().check(z.minimum(1))),
  channel: z.optional(ChannelSchema),
  day: z.optional(DaySchema),
  count: z.int().check(z.minimum(1), z.maximum(MAX_INVITATIONS)),
});

const CountQuerySchema = z.strictObject({
  surveyId: z.optional(IdSchema),
  channel: z.optional(ChannelSchema),
  from: z.optional(DaySchema),
  to: z.optional(DaySchema),
});

export interface CountRouteOptions {
  store: CollectorStore;
  surveys: SurveyLookup;
  /** Wall-clock time: an invitation batch without a day is today's in `timeZone`. */
  clock: () => Date;
  /** The zone the reports count days in: a mailing sent at 00:30 there counts on that day. */
  timeZone: string;
}

/** A retry sends the same batch; a day left out may have become another day since, so it matches any. */
function sameBatch(stored: InvitationBatch, sent: InvitationBatch, dayGiven: boolean): boolean {
  return (
    stored.surveyId === sent.surveyId &&
    stored.surveyVersion === sent.surveyVersion &&
    stored.channel === sent.channel &&
    stored.count === sent.count &&
    (!dayGiven || stored.day === sent.day)
  );
}

/** `POST /api/invitations`: how many invitations to a survey were sent (for response rates). */
export function postInvitations({ store, surveys, clock, timeZone }: CountRouteOptions): Handler {
  return async c => {
    const body = readJson(new Uint8Array(await c.req.arrayBuffer()));
    if (!body.ok) return problem(c, 400, body.error);
    const parsed = z.safeParse(InvitationSchema, body.json);
    if (!parsed.success) return problem(c, 400, formatIssues(toIssues(parsed.error.issues)));
    const { id, surveyId, surveyVersion, channel = 'email', day, count } = parsed.data;
    if (!(await surveys.knows(surveyId, surveyVersion))) {
      return problem(c, 422, `Unknown survey "${surveyId}"${surveyVersion === undefined ? '' : ` version ${surveyVersion}`}`);
    }
    const today = dayIn(clock(), timeZone);
    // Invitations are counted when sent: a later day is a mistake that a report would find in a period to come.
    const last = addDays(today, 1);
    if (day !== undefined && day > last) return problem(c, 400, `day: invitations are registered once sent; use a day up to ${last}`);
    const batch: InvitationBatch = { id: id.toLowerCase(), surveyId, channel, day: day ?? today, count };
    if (surveyVersion !== undefined) batch.surveyVersion = surveyVersion;
    const result = await store.registerInvitations(batch);
    if (result.registered) return c.json({ registered: true }, 201);
    if (sameBatch(result.stored, batch, day !== undefined)) return c.json({ registered: false });
    return problem(c, 409, `Invitation batch ${batch.id} is registered already, with other values. Give another batch another id.`);
  };
}

/** `GET /api/counts?surveyId=&channel=&from=&to=`: shown items and invitations per survey, channel and day. */
export function getCounts(store: CollectorStore): Handler {
  return async c => {
    const params = singleParams(c.req.url);
    if (typeof params === 'string') return problem(c, 400, params);
    const parsed = z.safeParse(CountQuerySchema, params);
    if (!parsed.success) return problem(c, 400, formatIssues(toIssues(parsed.error.issues)));
    const { surveyId, channel, from, to } = parsed.data;
    if (from && to && from > to) return problem(c, 400, 'from= is after to=');
    return c.json(
      await store.counts({ ...(surveyId ? { surveyId } : {}), ...(channel ? { channel } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    );
  };
}
