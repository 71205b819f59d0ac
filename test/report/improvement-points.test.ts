import { expect } from '@open-wc/testing';
import { improvementPoints } from '../../src/report/improvement-points.js';
import type { Cut, NpsResult, RatingResult } from '../../src/report/report-schema.js';

/** A rating question with `n` answers and score `mean` this period (null: none, or hidden). */
function rating(questionId: string, mean: number | null, { n = 10, hidden = false } = {}): RatingResult {
  const shown = mean !== null && !hidden;
  return {
    questionId,
    kind: 'rating',
    current: {
      n,
      hidden,
      counts: shown ? { satisfied: n, neutral: 0, dissatisfied: 0 } : null,
      percent: shown ? { satisfied: 100, neutral: 0, dissatisfied: 0 } : null,
      mean: shown ? mean : null,
    },
    previous: null,
    change: null,
  };
}

function nps(questionId: string, score: number): NpsResult {
  return {
    questionId,
    kind: 'nps',
    current: { n: 10, hidden: false, counts: { promoters: 1, passives: 0, detractors: 9 }, percent: { promoters: 10, passives: 0, detractors: 90 }, score },
    previous: null,
    change: null,
  };
}

const cut = (...results: (RatingResult | NpsResult)[]): Cut => ({ answers: 10, previousAnswers: null, responseRate: null, previousResponseRate: null, results });

describe('improvementPoints()', () => {
  it('names the three rating questions with the lowest score out of 5, lowest first', () => {
    // Seed 004, phone: speed 3.32, professionalism 3.51, clarity 3.53, attention 3.71.
    const points = improvementPoints(cut(rating('professional', 3.51), rating('speed', 3.32), rating('attention', 3.71), rating('clarity', 3.53)));
    expect(points).to.deep.equal([
      { questionId: 'speed', mean: 3.32 },
      { questionId: 'professional', mean: 3.51 },
      { questionId: 'clarity', mean: 3.53 },
    ]);
  });

  it('puts the earlier question in the survey first on an equal score, also at the cut-off', () => {
    const points = improvementPoints(cut(rating('a', 4), rating('b', 3.5), rating('c', 3.5), rating('d', 3.5), rating('e', 3.5)));
    expect(points.map(p => p.questionId)).to.deep.equal(['b', 'c', 'd']);
  });

  it('leaves out questions whose figures are hidden or that have no answers', () => {
    const points = improvementPoints(
      cut(rating('hidden', 1.2, { n: 3, hidden: true }), rating('protected', 1.5, { n: 8, hidden: true }), rating('none', null, { n: 0 }), rating('x', 4.1), rating('y', 3.9)),
    );
    expect(points).to.deep.equal([
      { questionId: 'y', mean: 3.9 },
      { questionId: 'x', mean: 4.1 },
    ]);
  });

  it('does not rank the NPS among the 1–5 questions', () => {
    const points = improvementPoints(cut(nps('nps', -80), rating('x', 4.5), rating('y', 4.2), rating('z', 4.8), rating('w', 4.9)));
    expect(points.map(p => p.questionId)).to.deep.equal(['y', 'x', 'z']);
  });

  it('names nothing when fewer than two questions have a score: one question is no ranking', () => {
    expect(improvementPoints(cut())).to.deep.equal([]);
    expect(improvementPoints(cut(rating('x', 2.1), rating('y', 1.4, { n: 2, hidden: true }), nps('nps', 10)))).to.deep.equal([]);
    expect(improvementPoints(cut(rating('x', 2.1), rating('y', 1.4)))).to.have.length(2);
  });
});
