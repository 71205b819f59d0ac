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

  it('replaces a time more than a day ahead of a delivery, stored while the clock ran ahead', () => {
    const store = memoryFlags();
    recordLastSent(store, ENDPOINT, AT + 3 * 86_400_000);
    recordLastSent(store, ENDPOINT, AT);
    expect(readLastSent(store, ENDPOINT)).to.equal(AT);
    recordLastSent(store, ENDPOINT, AT + 86_400_000);
    recordLastSent(store, ENDPOINT, AT + 60_000);
    expect(readLastSent(store, ENDPOINT), 'a day ahead at most: another tab\'s newer delivery').to.equal(AT + 86_400_000);
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
