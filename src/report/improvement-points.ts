// Improvement points ("verbeterpunten"): the rating questions with the lowest score out of 5, which
// agencies name beside the open answers (seed 004: the action plan took up its lowest "score op 5").
// One rule for <feedback-report> and the workbook's summary sheet.
import type { Cut } from './report-schema.js';

/** How many questions the improvement points name at most. */
export const IMPROVEMENT_POINTS = 3;

export interface ImprovementPoint {
  questionId: string;
  /** The score out of 5 this period, 2 decimals. */
  mean: number;
}

/**
 * The (at most) three rating questions of `cut` with the lowest score out of 5 this period, lowest
 * first; on an equal score, the earlier question in the survey first. Questions without a score (no
 * answers, or hidden as a small cut) and NPS are left out. Fewer than two scores rank nothing: [].
 */
export function improvementPoints(cut: Cut): ImprovementPoint[] {
  const scored = cut.results.flatMap(r =>
    r.kind === 'rating' && !r.current.hidden && r.current.mean !== null ? [{ questionId: r.questionId, mean: r.current.mean }] : [],
  );
  // Array sort is stable, so equal scores keep the survey's order.
  return scored.length < 2 ? [] : scored.sort((a, b) => a.mean - b.mean).slice(0, IMPROVEMENT_POINTS);
}
