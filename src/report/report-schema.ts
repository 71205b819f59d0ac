// The report as JSON: what `GET /api/report` answers and `summarize()` returns. The zod schema is
// the documentation (emitted as dist/feedback-report.schema.json) and the check <feedback-report>
// runs on what it fetches.
import * as z from 'zod/mini';
import { ChannelSchema } from '../schema/record.js';
import { IdSchema, LocalizedTextSchema } from '../schema/survey.js';
import { PRESETS } from './period.js';

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/** A percentage or score with at most 2 decimals. */
const Figure = z.number();
const Count = z.int().check(z.minimum(0));
const Direction = z.enum(['better', 'worse', 'same']);

const RangeSchema = z.object({ from: Day, to: Day });

export const RatingFiguresSchema = z.object({
  /** Answers to this question in the cut. */
  n: Count,
  /**
   * True when 0 < n < minCount, or when a context breakdown's small cuts (office, team…; not
   * channels) together hold fewer than minCount answers and showing this cut would let them be
   * worked out from the total: the figures below are withheld.
   */
  hidden: z.boolean(),
  /** Tevreden (4–5), neutraal (3), ontevreden (1–2); null when n is 0 or hidden. */
  counts: z.nullable(z.object({ satisfied: Count, neutral: Count, dissatisfied: Count })),
  /** Percentages of n with 2 decimals that add up to exactly 100. */
  percent: z.nullable(z.object({ satisfied: Figure, neutral: Figure, dissatisfied: Figure })),
  /** "Score op 5": the mean answer, 2 decimals. */
  mean: z.nullable(Figure),
});

export const NpsFiguresSchema = z.object({
  n: Count,
  hidden: z.boolean(),
  /** Promoters (9–10), passives (7–8), detractors (0–6). */
  counts: z.nullable(z.object({ promoters: Count, passives: Count, detractors: Count })),
  percent: z.nullable(z.object({ promoters: Figure, passives: Figure, detractors: Figure })),
  /** Net Promoter Score, −100…100 with 2 decimals: (promoters − detractors) / n × 100. */
  score: z.nullable(Figure),
});

const Change = z.object({ value: Figure, direction: Direction });

export const RatingResultSchema = z.object({
  questionId: IdSchema,
  kind: z.literal('rating'),
  current: RatingFiguresSchema,
  /** Null without comparison. */
  previous: z.nullable(RatingFiguresSchema),
  /**
   * Current minus previous, in percentage points and points out of 5, from the exact shares and means
   * (so it can differ by 0.01 from the difference of the rounded figures); null unless both show figures.
   */
  change: z.nullable(z.object({ satisfied: Change, dissatisfied: Change, mean: Change })),
});

export const NpsResultSchema = z.object({
  questionId: IdSchema,
  kind: z.literal('nps'),
  current: NpsFiguresSchema,
  previous: z.nullable(NpsFiguresSchema),
  change: z.nullable(z.object({ promoters: Change, detractors: Change, score: Change })),
});

export const QuestionResultSchema = z.discriminatedUnion('kind', [RatingResultSchema, NpsResultSchema]);

export const ResponseRateSchema = z.object({
  answers: Count,
  /** Times the survey was shown (one per browser and day) in the period. */
  shown: Count,
  /** Invitations sent in the period. */
  invited: Count,
  /** answers / invited × 100 (answers / shown × 100 where nothing was invited), 2 decimals. */
  percent: Figure,
});

export const CutSchema = z.object({
  /** Answers (respondents) in the cut, this period. */
  answers: Count,
  /** The same in the previous period; null without comparison. */
  previousAnswers: z.nullable(Count),
  /** Only for a cut of one channel that has shown or invitation counts, without context filters. */
  responseRate: z.nullable(ResponseRateSchema),
  previousResponseRate: z.nullable(ResponseRateSchema),
  /** One per question of `questions`, in that order. */
  results: z.array(QuestionResultSchema),
});

export const GroupCutSchema = z.extend(CutSchema, {
  /** The channel or context value; "" for answers without a value for the key. */
  key: z.string(),
});

export const ReportSchema = z.object({
  surveyId: IdSchema,
  /** The newest version's title. */
  title: z.optional(LocalizedTextSchema),
  timeZone: z.string(),
  period: z.extend(RangeSchema, { preset: z.optional(z.enum(PRESETS)) }),
  previous: z.nullable(z.extend(RangeSchema, { preset: z.optional(z.enum(PRESETS)) })),
  filters: z.object({ channels: z.array(ChannelSchema), context: z.record(z.string(), z.string()) }),
  breakdown: z.nullable(z.union([z.object({ by: z.literal('channel') }), z.object({ by: z.literal('context'), key: z.string() })])),
  minCount: z.int().check(z.minimum(1)),
  /** The scale questions of every version, newest version's order first. */
  questions: z.array(z.object({ id: IdSchema, kind: z.enum(['rating', 'nps']), label: LocalizedTextSchema })),
  /**
   * Whether any version of the survey has a comment question: <feedback-report> leaves out its
   * comments when it is false. Absent (an older collector, a custom endpoint) counts as true.
   */
  hasComments: z.optional(z.boolean()),
  total: CutSchema,
  /** One per channel or context value seen in either period, sorted by key; empty without breakdown. */
  groups: z.array(GroupCutSchema),
});

export type RatingFigures = z.infer<typeof RatingFiguresSchema>;
export type NpsFigures = z.infer<typeof NpsFiguresSchema>;
export type RatingResult = z.infer<typeof RatingResultSchema>;
export type NpsResult = z.infer<typeof NpsResultSchema>;
export type QuestionResult = z.infer<typeof QuestionResultSchema>;
export type ResponseRate = z.infer<typeof ResponseRateSchema>;
export type Cut = z.infer<typeof CutSchema>;
export type GroupCut = z.infer<typeof GroupCutSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type Direction = z.infer<typeof Direction>;
