import { expect } from '@open-wc/testing';
import {
  changeOf,
  meanHundredths,
  npsFigures,
  npsGroup,
  npsHundredths,
  percentages,
  ratingFigures,
  ratingGroup,
} from '../../src/report/figures.js';

describe('report figures', () => {
  describe('percentages()', () => {
    it('gives exact shares when they divide evenly', () => {
      // 2 of 4 = 50 %, 1 of 4 = 25 %, 1 of 4 = 25 %.
      expect(percentages([2, 1, 1], 4)).to.deep.equal([5000, 2500, 2500]);
    });

    it('gives the hundredth left by rounding to the largest remainder, so thirds add up to 100', () => {
      // 33.333… each: floors 3333 + 3333 + 3333 = 9999; one hundredth left, equal remainders → the first group.
      expect(percentages([1, 1, 1], 3)).to.deep.equal([3334, 3333, 3333]);
      // 2/3 = 66.666… (floor 6666, remainder 2/3), 1/3 = 33.333… (floor 3333, remainder 1/3): 66.67 + 33.33 + 0.
      expect(percentages([2, 1, 0], 3)).to.deep.equal([6667, 3333, 0]);
    });

    it('hands two leftover hundredths to the two largest remainders', () => {
      // n = 7: 1/7 = 14.2857… (rem 0.57), 2/7 = 28.5714… (rem 0.14), 4/7 = 57.1428… (rem 0.28)
      // floors 1428 + 2857 + 5714 = 9999 → one left → the largest remainder (1/7) gets it.
      expect(percentages([1, 2, 4], 7)).to.deep.equal([1429, 2857, 5714]);
      // n = 6: 1/6 = 16.666… (rem .67), 1/6 (rem .67), 4/6 = 66.666… (rem .67): floors 1666+1666+6666 = 9998,
      // two left, all remainders equal → the first two groups.
      expect(percentages([1, 1, 4], 6)).to.deep.equal([1667, 1667, 6666]);
    });

    it('always adds up to exactly 100 %', () => {
      for (let n = 1; n <= 60; n++) {
        for (let a = 0; a <= n; a++) {
          for (let b = 0; a + b <= n; b++) {
            const sum = percentages([a, b, n - a - b], n).reduce((x, y) => x + y, 0);
            if (sum !== 10_000) expect.fail(`${a}, ${b}, ${n - a - b} of ${n} add up to ${sum}`);
          }
        }
      }
    });
  });

  describe('meanHundredths()', () => {
    it('rounds half up', () => {
      // 3.645 exactly: 729 / 200.
      expect(meanHundredths(729, 200)).to.equal(365);
      // 3.644999… stays 3.64: 3644 / 1000 = 3.644.
      expect(meanHundredths(3644, 1000)).to.equal(364);
      // 11 / 3 = 3.666… → 3.67; 10 / 3 = 3.333… → 3.33.
      expect(meanHundredths(11, 3)).to.equal(367);
      expect(meanHundredths(10, 3)).to.equal(333);
    });
  });

  describe('npsHundredths()', () => {
    it('is promoters minus detractors over n, rounded half away from zero', () => {
      expect(npsHundredths(3, 1, 4)).to.equal(5000);
      // (1 − 2) / 8 = −12.5 % exactly → −12.50.
      expect(npsHundredths(1, 2, 8)).to.equal(-1250);
      // (0 − 1) / 1600 = −0.0625 % → −0.06; (0 − 1) / 800 = −0.125 % → −0.13 (away from zero).
      expect(npsHundredths(0, 1, 1600)).to.equal(-6);
      expect(npsHundredths(0, 1, 800)).to.equal(-13);
      expect(npsHundredths(1, 0, 800)).to.equal(13);
      // A tiny negative that rounds to nothing is 0, not −0.
      expect(Object.is(npsHundredths(0, 1, 30_000), 0)).to.equal(true);
    });

    it('runs from −100 to 100', () => {
      expect(npsHundredths(0, 5, 5)).to.equal(-10_000);
      expect(npsHundredths(5, 0, 5)).to.equal(10_000);
    });
  });

  describe('changeOf()', () => {
    it('is no change for a share that stayed the same, although it is shown as 33.34 and 33.33', () => {
      expect([percentages([3, 3, 3], 9)[0], percentages([2, 3, 1], 6)[0]]).to.deep.equal([3334, 3333]);
      expect(changeOf(2, 6, 3, 9, 10_000)).to.equal(0);
    });

    it('is the exact difference rounded half away from zero, in hundredths', () => {
      // 1/6 − 1/3 = −16.666… % → −16.67, where the shown 16.67 − 33.33 would give −16.66.
      expect(changeOf(1, 6, 3, 9, 10_000)).to.equal(-1667);
      expect(changeOf(3, 9, 1, 6, 10_000)).to.equal(1667);
      // Means 20/6 = 3.333… (shown 3.33) and 267/80 = 3.3375 (shown 3.34): −0.0041… → 0.00.
      expect(changeOf(20, 6, 267, 80, 100)).to.equal(0);
      // 1/800 − 0 = 0.125 % exactly, half a hundredth: rounded away from zero both ways.
      expect(changeOf(1, 800, 0, 1, 10_000)).to.equal(13);
      expect(changeOf(0, 1, 1, 800, 10_000)).to.equal(-13);
      expect(Object.is(changeOf(0, 1, 1, 30_000, 10_000), 0)).to.equal(true);
    });

    it('rounds an exact half away from zero where floating point lands just below it, also at millions of answers', () => {
      // (1722/2624 − 1722/2625) × 10,000 = 2.5 exactly; in floating point 2.4999…, which rounds to 2.
      expect(changeOf(1722, 2624, 1722, 2625, 10_000)).to.equal(3);
      // 5,000,500 of 10,000,000 against 5,000,000: 0.005 pt exactly, half a hundredth → 0.01.
      expect(changeOf(5_000_500, 10_000_000, 5_000_000, 10_000_000, 10_000)).to.equal(1);
      expect(changeOf(5_000_000, 10_000_000, 5_000_500, 10_000_000, 10_000)).to.equal(-1);
      // 3,333,334 of 10,000,001 against 3,333,333 of 10,000,000: +0.0000067 pt → 0.00, not rounding noise.
      expect(changeOf(3_333_334, 10_000_001, 3_333_333, 10_000_000, 10_000)).to.equal(0);
    });
  });

  describe('groups', () => {
    it('puts 4–5 in satisfied, 3 in neutral, 1–2 in dissatisfied', () => {
      expect([1, 2, 3, 4, 5].map(ratingGroup)).to.deep.equal([2, 2, 1, 0, 0]);
    });

    it('puts 9–10 in promoters, 7–8 in passives, 0–6 in detractors', () => {
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(npsGroup)).to.deep.equal([2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0]);
    });
  });

  describe('ratingFigures() and npsFigures()', () => {
    it('has no percentages or mean without answers', () => {
      expect(ratingFigures([0, 0, 0], 0)).to.deep.equal({ n: 0, counts: [0, 0, 0], percent: null, value: null, sum: 0 });
      expect(npsFigures([0, 0, 0])).to.deep.equal({ n: 0, counts: [0, 0, 0], percent: null, value: null });
    });

    it('gives 0 / 100 / 0 and a mean of 3 when everyone is neutral, and keeps the sum for exact changes', () => {
      expect(ratingFigures([0, 6, 0], 18)).to.deep.equal({ n: 6, counts: [0, 6, 0], percent: [0, 10_000, 0], value: 300, sum: 18 });
    });
  });
});
