import * as z from 'zod/mini';
import { FeedbackRecordSchema, type FeedbackRecord } from './record.js';
import { SurveySchema, type Survey } from './survey.js';

/** One problem found in input, with where it is (`['questions', 2, 'label']`). */
export interface ValidationIssue {
  path: PropertyKey[];
  /** zod's issue code, e.g. `invalid_type`, `too_big`, `unrecognized_keys`. */
  code: string;
  message: string;
}

type RawIssue = z.core.$ZodIssue & Record<string, unknown>;

/** `text` cut to 64 characters with "…": what an error message may repeat of its input. */
export const clip = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

const FORMATS: Record<string, string> = {
  uuid: 'a UUID',
  datetime: 'an ISO 8601 date-time with a time zone, e.g. "2024-03-14T09:30:00Z"',
};

// zod/mini ships no message texts ("Invalid input"); these few keep developer errors readable.
function describe(issue: RawIssue): string {
  const list = (values: unknown) => (values as unknown[]).map(v => JSON.stringify(v)).join(', ');
  switch (issue.code) {
    case 'invalid_format':
      return `Expected ${FORMATS[String(issue.format)] ?? String(issue.format)}`;
    case 'invalid_key': {
      // A record key failed its own schema; that schema's issue says why.
      const [inner] = toIssues((issue.issues ?? []) as z.core.$ZodIssue[]);
      return `Invalid key: ${inner?.message ?? 'not allowed'}`;
    }
    case 'invalid_type':
      return `Expected ${String(issue.expected)}`;
    case 'invalid_value':
      return `Expected one of ${list(issue.values)}`;
    case 'too_small':
      return `Too small: at least ${String(issue.minimum)}`;
    case 'too_big':
      return `Too big: at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `Unknown key(s) ${list(issue.keys)}`;
    case 'invalid_union':
      return issue.discriminator ? `Unknown ${String(issue.discriminator)}` : 'Matches none of the allowed shapes';
    default:
      return issue.message;
  }
}

/** zod issues as plain, readable `ValidationIssue`s. */
export function toIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): ValidationIssue[] {
  return issues.map(issue => ({
    path: [...prefix, ...issue.path],
    code: issue.code,
    message: issue.message === 'Invalid input' ? describe(issue as RawIssue) : issue.message,
  }));
}

/** The result of every check at a boundary: never throws on bad input. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

function validateWith<T>(schema: z.ZodMiniType<T>, input: unknown): Validated<T> {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: toIssues(result.error.issues) };
}

/** Checks a survey definition (from a property, a JSON file or a database). */
export function validateSurvey(input: unknown): Validated<Survey> {
  return validateWith(SurveySchema, input);
}

/** Checks one answer record against the record schema (not yet against its survey). */
export function validateRecord(input: unknown): Validated<FeedbackRecord> {
  return validateWith(FeedbackRecordSchema, input);
}

/** `questions.2.label: Too short` lines for logs and visible developer messages. */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues
    .map(issue => (issue.path.length ? `${issue.path.map(String).join('.')}: ` : '') + issue.message)
    .join('\n');
}
