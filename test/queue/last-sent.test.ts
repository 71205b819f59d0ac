import { expect } from '@open-wc/testing';
import { readLastSent, recordLastSent } from '../../src/queue/last-sent.js';
import { memoryFlags } from '../../src/queue/local-flags.js';

const ENDPOINT = 'https://feedback.example.org/api/responses';
const AT = Date.UTC(2026, 11, 4, 16, 30);

describe('readLastSent() and recordLastSent()', () => {
  it('reads back the time recorded for an endpoint, and nothing for another', () => {
    const store = memoryFlags();
    expect(readLastSent(store, ENDPOINT)).to.equal(undefined);
    recordLastSent(store, ENDPOINT, AT);
    expect(readLastSent(store, ENDPOINT)).to.equal(AT);
    expect(store.get(`sent:${ENDPOINT}`), 'only the time').to.equal(String(AT));
    expect(readLastSent(store, 'https://other.example.org/api/responses')).to.equal(undefined);
  });

  it('keeps the newest time: an older delivery recorded later does not replace it', () => {
    const store = memoryFlags();
    recordLastSent(store, ENDPOINT, AT);
    recordLastSent(store, ENDPOINT, AT - 60_000);
    expect(readLastSent(store, ENDPOINT)).to.equal(AT);
    recordLastSent(store, ENDPOINT, AT + 60_000);
    expect(readLastSent(store, ENDPOINT)).to.equal(AT + 60_000);
  });

  it('reads a time after now as unknown, stored while the clock ran ahead, and replaces it with the next delivery', () => {
    const store = memoryFlags();
    const now = Date.now();
    store.set(`sent:${ENDPOINT}`, String(now + 10 * 3_600_000)); // the clock ran 10 hours ahead, since set right
    expect(readLastSent(store, ENDPOINT)).to.equal(undefined);
    recordLastSent(store, ENDPOINT, now);
    expect(readLastSent(store, ENDPOINT)).to.equal(now);
    expect(readLastSent(store, ENDPOINT, now - 3_600_000), 'an hour later than that reader\'s clock').to.equal(undefined);
  });

  it('reads a value that is no time as unknown, and replaces it', () => {
    for (const garbage of ['', 'garbage', '0', '-5', '1.5', '1e99', 'Infinity', 'NaN', '{"at":1}', '[1]', 'null']) {
      const store = memoryFlags();
      store.set(`sent:${ENDPOINT}`, garbage);
      expect(readLastSent(store, ENDPOINT), garbage).to.equal(undefined);
      recordLastSent(store, ENDPOINT, AT);
      expect(readLastSent(store, ENDPOINT), garbage).to.equal(AT);
    }
  });
});
