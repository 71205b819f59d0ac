import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { backoffMs, decide, parseRetryAfter, RETRY } from '../../src/queue/policy.js';
import type { SendFailure } from '../../src/queue/transport.js';

/** A failed HTTP answer as createFetchTransport reports it. */
function http(status: number, retryAfterMs?: number): SendFailure {
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return { ok: false, reason: 'http', retryable, status, ...(retryAfterMs ? { retryAfterMs } : {}) };
}

const NOW = Date.UTC(2024, 2, 14, 9, 30, 0);

describe('decide()', () => {
  it('S12: a redirect is a configuration error: the queue pauses', () => {
    expect(decide({ ok: false, reason: 'redirect', retryable: false, status: 307 })).to.include({ kind: 'pause', status: 307 });
    // an opaque redirect has no readable status
    expect(decide({ ok: false, reason: 'redirect', retryable: false }).kind).to.equal('pause');
  });

  for (const status of [401, 403]) {
    it(`S7: ${status} pauses the queue and keeps the status`, () => {
      expect(decide(http(status))).to.include({ kind: 'pause', status });
    });
  }

  for (const status of [404, 405, 410, 415]) {
    it(`S8: ${status} pauses the queue (a wrong endpoint never dead-letters answers)`, () => {
      expect(decide(http(status))).to.include({ kind: 'pause', status });
    });
  }

  for (const status of [408, 425, 429]) {
    it(`${status} is retried, and is not a server error`, () => {
      expect(decide(http(status))).to.include({ kind: 'retry', serverError: false, waitMs: undefined });
    });
  }

  for (const status of [500, 501, 502, 503, 504, 505, 511, 599]) {
    it(`${status} is retried as a server error`, () => {
      expect(decide(http(status))).to.include({ kind: 'retry', serverError: true });
    });
  }

  it('S3: a Retry-After wait is passed on as the retry wait', () => {
    expect(decide(http(429, 120_000))).to.include({ kind: 'retry', waitMs: 120_000, serverError: false });
    expect(decide(http(503, 120_000))).to.include({ kind: 'retry', waitMs: 120_000, serverError: true });
  });

  it("S3: a custom transport's Retry-After wait is capped at an hour like a header's", () => {
    expect(decide(http(503, 5 * 3_600_000))).to.include({ kind: 'retry', waitMs: RETRY.maxRetryAfterMs });
  });

  for (const reason of ['network', 'timeout', 'aborted', 'not-acknowledged', 'headers'] as const) {
    it(`'${reason}' is retried with normal backoff`, () => {
      const decision = decide({ ok: false, reason, retryable: true });
      expect(decision).to.include({ kind: 'retry', serverError: false, waitMs: undefined });
    });
  }

  for (const status of [400, 413, 422]) {
    it(`S5/S6: a whole-batch ${status} splits the batch`, () => {
      expect(decide(http(status))).to.include({ kind: 'split', status });
    });
  }

  it('names the failure in its reason', () => {
    expect(decide(http(503)).reason).to.contain('503');
    expect(decide(http(404)).reason).to.contain('404');
  });
});

describe('backoffMs()', () => {
  it('S2: doubles from 1 s without jitter: 1 s, 2 s, 4 s, 8 s …', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(n => backoffMs(n, 0.5));
    expect(schedule).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000]);
  });

  it('S2: jitters by at most ±20 %', () => {
    expect([1, 2, 3].map(n => backoffMs(n, 0))).to.deep.equal([800, 1600, 3200]);
    expect([1, 2, 3].map(n => backoffMs(n, 0.999_999))).to.deep.equal([1200, 2400, 4800]);
  });

  it('S14: is capped at 5 minutes', () => {
    expect(backoffMs(10, 0.5)).to.equal(RETRY.maxBackoffMs);
    expect(RETRY.maxBackoffMs).to.equal(300_000);
    expect(backoffMs(1_000_000, 0.999_999)).to.equal(300_000);
    expect(backoffMs(Number.MAX_SAFE_INTEGER, 0.5)).to.equal(300_000);
  });

  it('treats zero failures like the first', () => {
    expect(backoffMs(0, 0.5)).to.equal(1000);
  });

  it('S14: never leaves [800 ms, 5 min] for any failure count and random number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
        const ms = backoffMs(failures, random);
        return Number.isInteger(ms) && ms >= 800 && ms <= RETRY.maxBackoffMs;
      }),
      { numRuns: 500 },
    );
  });

  it('uses Math.random by default, within the jitter band', () => {
    for (let i = 0; i < 50; i++) expect(backoffMs(1)).to.be.within(800, 1200);
  });
});

describe('parseRetryAfter()', () => {
  it('S3: reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).to.equal(120_000);
    expect(parseRetryAfter(' 7 ', NOW)).to.equal(7000);
  });

  it('S3: reads an HTTP date relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).to.equal(90_000);
    expect(parseRetryAfter('Thu, 14 Mar 2024 09:32:00 GMT', NOW)).to.equal(120_000);
  });

  it('S3: caps the wait at one hour', () => {
    expect(parseRetryAfter('86400', NOW)).to.equal(RETRY.maxRetryAfterMs);
    expect(parseRetryAfter('99999999999999999999999', NOW)).to.equal(3_600_000);
    expect(parseRetryAfter(new Date(NOW + 2 * 86_400_000).toUTCString(), NOW)).to.equal(3_600_000);
  });

  for (const value of ['soon', '-5', '1.5', '12 apples', '0x10', '', '   ', 'Mon, 99 Foo 2024 25:61:00 GMT']) {
    it(`S3: ignores garbage (${JSON.stringify(value)}), so normal backoff applies`, () => {
      expect(parseRetryAfter(value, NOW)).to.equal(undefined);
    });
  }

  it('S3: ignores zero, a past date, null and undefined', () => {
    expect(parseRetryAfter('0', NOW)).to.equal(undefined);
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).to.equal(undefined);
    expect(parseRetryAfter(null, NOW)).to.equal(undefined);
    expect(parseRetryAfter(undefined, NOW)).to.equal(undefined);
  });
});
