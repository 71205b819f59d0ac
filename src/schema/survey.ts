import * as z from 'zod/mini';
import { lazySchema, once } from './lazy-schema.js';

/** Question kinds a survey may hold. `contact` is the consent-based call-back request. */
/** Questions a survey holds at most. */
export const MAX_QUESTIONS = 30;

export const QUESTION_KINDS = ['rating', 'nps', 'comment', 'contact'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Inclusive value ranges of the scale questions. */
export const SCALES = {
  rating: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
} as const;

export const COMMENT_MAX_LENGTH = 5000;
export const DEFAULT_COMMENT_LENGTH = 1000;
const LABEL_MAX_LENGTH = 500;

// Patterns spell out both cases instead of using the `i` flag: JSON Schema has no flags, so the
// generated schema would otherwise refuse `fr-BE` or `Q1` that these schemas accept.

/** An id that is safe in HTML ids, CSV headers and SQL column aliases. */
export const IdSchema = lazySchema(() =>
  z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'Use 1–64 letters, digits, "_" or "-", starting with a letter')),
);

/** A BCP 47 language tag such as `nl`, `fr-BE` or `ar`. */
export const LocaleSchema = lazySchema(() =>
  // 35 characters: what BCP 47 asks every implementation to take (RFC 5646, 4.4.1); without a bound
  // the pattern takes a tag as long as the body.
  z.string().check(z.maxLength(35), z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a language tag such as "nl" or "fr-BE"')),
);

/** The end of the issue for a language given twice; the collector reads such stored surveys anyway. */
export const TAG_AGAIN = ' again: language tags ignore case';

/**
 * Text per locale, e.g. `{ nl: 'Hoe tevreden…', en: 'How satisfied…' }`; at least one entry, and
 * each language once: tags ignore case (BCP 47), so with `nl` and `NL` which one shows is unclear.
 */
export const LocalizedTextSchema = lazySchema(() =>
  z
    .record(LocaleSchema, z.string().check(z.trim(), z.minLength(1), z.maxLength(LABEL_MAX_LENGTH)))
    .check(
      z.refine(text => Object.keys(text).length > 0, 'Give the text in at least one language'),
      z.superRefine((text, ctx) => {
        const seen = new Map<string, string>();
        for (const tag of Object.keys(text)) {
          const first = seen.get(tag.toLowerCase());
          if (first) ctx.issues.push({ code: 'custom', message: `"${tag}" is "${first}"${TAG_AGAIN}`, path: [tag], input: text });
          seen.set(tag.toLowerCase(), first ?? tag);
        }
      }),
    ),
);

// Made on first use and shared by the question schemas (one object, as `reused: 'ref'` expects).
const base = once(() => ({
  id: IdSchema,
  label: LocalizedTextSchema,
  /** Extra explanation shown under the question. */
  hint: z.optional(LocalizedTextSchema),
  required: z.optional(z.boolean()),
}));

const scaleEnds = once(() => ({
  /** Text at the low end of the scale; the locale's default when absent. */
  lowLabel: z.optional(LocalizedTextSchema),
  /** Text at the high end of the scale; the locale's default when absent. */
  highLabel: z.optional(LocalizedTextSchema),
}));

export const RatingQuestionSchema = lazySchema(() =>
  z.strictObject({
    kind: z.literal('rating'),
    ...base(),
    ...scaleEnds(),
  }),
);

export const NpsQuestionSchema = lazySchema(() => z.strictObject({ kind: z.literal('nps'), ...base(), ...scaleEnds() }));

export const CommentQuestionSchema = lazySchema(() =>
  z.strictObject({
    kind: z.literal('comment'),
    ...base(),
    maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(COMMENT_MAX_LENGTH))),
  }),
);

/**
 * "May we contact you about your feedback?": a consent checkbox that, once ticked, asks for an
 * email address or phone number. Its answer travels as the record's `contact`, never in `answers`,
 * so the collector can keep contact data apart. Never required: contact is always a free choice.
 */
export const ContactQuestionSchema = lazySchema(() =>
  z.strictObject({
    kind: z.literal('contact'),
    id: IdSchema,
    label: LocalizedTextSchema,
    hint: z.optional(LocalizedTextSchema),
    /** The consent checkbox text, naming who contacts and why; the locale's default when absent. */
    consent: z.optional(LocalizedTextSchema),
  }),
);

export const QuestionSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [RatingQuestionSchema, NpsQuestionSchema, CommentQuestionSchema, ContactQuestionSchema]),
);

/** A survey definition: plain data, the same for the element, the collector and the report. */
export const SurveySchema = lazySchema(() =>
  z
    .strictObject({
      id: IdSchema,
      /** Bump when questions change, so results of different versions are never mixed up. */
      version: z.int().check(z.minimum(1)),
      title: z.optional(LocalizedTextSchema),
      questions: z.array(QuestionSchema).check(z.minLength(1), z.maxLength(MAX_QUESTIONS)),
    })
    .check(
      z.superRefine((survey, ctx) => {
        const seen = new Set<string>();
        survey.questions.forEach((question, index) => {
          if (seen.has(question.id)) {
            ctx.issues.push({
              code: 'custom',
              message: `Question id "${question.id}" is used twice`,
              path: ['questions', index, 'id'],
              input: question.id,
            });
          }
          seen.add(question.id);
        });
        const contacts = survey.questions.filter(q => q.kind === 'contact');
        if (contacts.length > 1) {
          ctx.issues.push({ code: 'custom', message: 'A survey has at most one contact question', path: ['questions'], input: survey.questions });
        }
      }),
    ),
);

export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
export type RatingQuestion = z.infer<typeof RatingQuestionSchema>;
export type NpsQuestion = z.infer<typeof NpsQuestionSchema>;
export type CommentQuestion = z.infer<typeof CommentQuestionSchema>;
export type ContactQuestion = z.infer<typeof ContactQuestionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
/** The questions whose answers travel in `answers`. */
export type AnswerQuestion = RatingQuestion | NpsQuestion | CommentQuestion;
export type ScaleQuestion = RatingQuestion | NpsQuestion;
export type Survey = z.infer<typeof SurveySchema>;
