import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { COMMENT_MAX_LENGTH, IdSchema, LocaleSchema } from './survey.js';

/** Where an answer was given. `phone` answers are entered by an operator system. */
export const CHANNELS = ['web', 'email', 'kiosk', 'phone', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Bounds on the free-form context, so a record stays small and safe to store. */
export const CONTEXT_LIMITS = { keys: 16, keyLength: 32, valueLength: 200 } as const;

// Attribute schemas (channel, context) are plain: the element checks them before its first paint.
export const ChannelSchema = z.enum(CHANNELS);

/** Text PostgreSQL (text, jsonb) cannot store: U+0000, or half of a surrogate pair (a cut emoji). */
export const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Who or what the answer is about: office, team, staff member, contact reference, or any other
 * short key the agency reports on. Never personal data of the respondent. A value the collector
 * cannot store is refused here, at setup, rather than with every answer.
 */
export const ContextSchema = z
  .record(
    z.string().check(
      z.regex(
        new RegExp(`^[a-zA-Z][a-zA-Z0-9_-]{0,${CONTEXT_LIMITS.keyLength - 1}}$`),
        `Context keys are 1–${CONTEXT_LIMITS.keyLength} letters, digits, "_" or "-"`,
      ),
    ),
    z.string().check(
      z.maxLength(CONTEXT_LIMITS.valueLength),
      z.refine(value => !UNSTORABLE.test(value), 'Without NUL characters or half an emoji'),
    ),
  )
  .check(
    z.refine(
      context => Object.keys(context).length <= CONTEXT_LIMITS.keys,
      `At most ${CONTEXT_LIMITS.keys} context keys`,
    ),
  );

/** A scale answer (1–5 or 0–10) or a comment. */
export const AnswerValueSchema = lazySchema(() =>
  z.union([
    z.int().check(z.minimum(0), z.maximum(10)),
    z.string().check(z.maxLength(COMMENT_MAX_LENGTH)),
  ]),
);

/**
 * An invitation token from an email link. The collector takes one response per token; it is a
 * random reference the sender keeps, never an email address.
 */
export const InvitationSchema = lazySchema(() =>
  z.string().check(
    z.regex(/^[a-zA-Z0-9_-]{8,128}$/, 'Invitation tokens are 8–128 letters, digits, "_" or "-"'),
  ),
);

/** Phone numbers as people type them: digits with spaces, dots, dashes, brackets, an optional "+". */
export const PhoneSchema = lazySchema(() =>
  z.string().check(
    z.regex(/^\+?[0-9(][0-9 ().-]{5,24}$/, 'Use digits, optionally with "+", spaces, dots, dashes or brackets'),
    z.refine(phone => phone.replace(/\D/g, '').length >= 6, 'A phone number has at least 6 digits'),
  ),
);

export const EmailSchema = lazySchema(() => z.email().check(z.maxLength(254)));

/**
 * A call-back request. Present only when the respondent ticked the consent box; at least one way
 * to reach them. The collector keeps it apart from the answers and deletes it after its retention.
 */
export const ContactSchema = lazySchema(() =>
  z
    .strictObject({
      consent: z.literal(true),
      email: z.optional(EmailSchema),
      phone: z.optional(PhoneSchema),
    })
    .check(z.refine(contact => contact.email !== undefined || contact.phone !== undefined, 'Give an email address or a phone number')),
);

/** One respondent's answer to one survey: the unit that is queued, sent and stored. */
export const FeedbackRecordSchema = lazySchema(() =>
  z.strictObject({
    /** Minted once at submit; the collector de-duplicates on it forever. */
    id: z.uuid(),
    surveyId: IdSchema,
    surveyVersion: z.int().check(z.minimum(1)),
    channel: ChannelSchema,
    locale: LocaleSchema,
    answers: z.record(IdSchema, AnswerValueSchema),
    submittedAt: z.iso.datetime({ offset: true }),
    context: z.optional(ContextSchema),
    /** From the email link the respondent followed (`mode="email"`). */
    invitation: z.optional(InvitationSchema),
    /** Only with the respondent's explicit consent. */
    contact: z.optional(ContactSchema),
  }),
);

export type Context = z.infer<typeof ContextSchema>;

/** `context[key]`, own keys only: a key such as `constructor` must not read Object.prototype. */
export function contextValue(context: Context | undefined, key: string): string | undefined {
  return context && Object.hasOwn(context, key) ? context[key] : undefined;
}

/** `answers[questionId]`, own keys only: a question may be called `constructor` or `toString`. */
export function answerTo<T>(answers: Readonly<Record<string, T>>, questionId: string): T | undefined {
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}
export type AnswerValue = z.infer<typeof AnswerValueSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;
