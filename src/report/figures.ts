// The one definition of every figure, in whole hundredths so that TypeScript and SQL
// (`collector/report-sql.ts` spells out the same formulas) agree to the last digit.

/** Answer values in each group: rating [satisfied 4–5, neutral 3, dissatisfied 1–2]; NPS [promoters 9–10, passives 7–8, detractors 0–6]. */
export type Triple = readonly [number, number, number];

/** The figures of one scale question in one cut, before the minimum-count rule. */
export interface ScaleFigures {
  /** Valid answers to the question. */
  n: number;
  counts: Triple;
  /** Hundredths of a percent (6360 = 63.60 %), adding up to exactly 10000; null when n is 0. */
  percent: Triple | null;
  /** Rating: the mean in hundredths (364 = 3.64). NPS: the score in hundredths (2295 = 22.95). Null when n is 0. */
  value: number | null;
  /**
   * Rating: the sum of the answers, so a change of the mean is worked out from exact means. A cut
   * row made elsewhere may leave it out; the change is then the difference of the rounded means.
   */
  sum?: number;
}

/** Where a rating or NPS answer falls: 0, 1 or 2 (the index in a Triple). */
export function ratingGroup(value: number): 0 | 1 | 2 {
  return value >= 4 ? 0 : value === 3 ? 1 : 2;
}

export function npsGroup(value: number): 0 | 1 | 2 {
  return value >= 9 ? 0 : value >= 7 ? 1 : 2;
}

/**
 * Percentages in hundredths that add up to 10000 (largest remainder): each group gets the floor of
 * its share, and the hundredths left go to the largest remainders, the earlier group on a tie.
 */
export function percentages(counts: Triple, n: number): Triple {
  const floors = counts.map(count => Math.floor((count * 10_000) / n));
  const remainders = counts.map(count => (count * 10_000) % n);
  const left = 10_000 - floors[0]! - floors[1]! - floors[2]!;
  const rank = (i: number) => remainders.filter((r, j) => r > remainders[i]! || (r === remainders[i] && j < i)).length;
  return floors.map((floor, i) => floor + (rank(i) < left ? 1 : 0)) as unknown as Triple;
}

/** A mean in hundredths, rounded half up: 3.645 → 365. */
export function meanHundredths(sum: number, n: number): number {
  return Math.floor((200 * sum + n) / (2 * n));
}

/** NPS in hundredths, rounded half away from zero: (promoters − detractors) / n × 100. */
export function npsHundredths(promoters: number, detractors: number, n: number): number {
  const difference = promoters - detractors;
  return Math.sign(difference) * Math.floor((20_000 * Math.abs(difference) + n) / (2 * n)) || 0;
}

/**
 * (a / n − b / m) × `scale`, rounded half away from zero: a change worked out from exact shares or
 * means, not from rounded ones, so an unchanged share (1 in 3 both times, shown 33.34 and 33.33)
 * is no change. BigInt: the cross products pass 2^53 at millions of answers.
 */
export function changeOf(a: number, n: number, b: number, m: number, scale: number): number {
  const numerator = (BigInt(a) * BigInt(m) - BigInt(b) * BigInt(n)) * BigInt(scale);
  const denominator = BigInt(n) * BigInt(m);
  const size = numerator < 0n ? -numerator : numerator;
  const rounded = Number((2n * size + denominator) / (2n * denominator));
  return numerator < 0n ? -rounded || 0 : rounded;
}

/** Figures of a rating question from its counts and the sum of its answers. */
export function ratingFigures(counts: Triple, sum: number): ScaleFigures {
  const n = counts[0] + counts[1] + counts[2];
  if (n === 0) return { n, counts, percent: null, value: null, sum };
  return { n, counts, percent: percentages(counts, n), value: meanHundredths(sum, n), sum };
}

export function npsFigures(counts: Triple): ScaleFigures {
  const n = counts[0] + counts[1] + counts[2];
  if (n === 0) return { n, counts, percent: null, value: null };
  return { n, counts, percent: percentages(counts, n), value: npsHundredths(counts[0], counts[2], n) };
}

/**
 * One cut of the data before it becomes a report: the total (`group` null) or one breakdown value
 * ('' for answers without one), in the current or previous period. Both `summarize()` and the SQL
 * produce these; `assembleReport()` turns them into the report.
 */
export interface CutRow {
  period: 'current' | 'previous';
  group: string | null;
  /** Respondents in the cut. */
  answers: number;
  /** By question id, for every scale question of the report. */
  figures: Record<string, ScaleFigures>;
}
