import { expect } from '@open-wc/testing';
import { CUSTOM_TRANSPORT, destinationOf } from '../../src/queue/destination.js';

describe('destinationOf()', () => {
  it('is the endpoint for every survey of an endpoint, also one sent through a custom transport', () => {
    const endpoint = 'https://www.example.be/api/responses';
    expect(destinationOf({ queue: `${endpoint}|service-quality@2`, endpoint })).to.equal(`${endpoint}|`);
  });

  it('S26: for a custom transport without an endpoint, only its own survey id, whatever the version', () => {
    const queue = (id: string, version: number) => `${CUSTOM_TRANSPORT}|${id}@${version}`;
    const destination = destinationOf({ queue: queue('agency-x', 12), endpoint: CUSTOM_TRANSPORT });
    expect(destination).to.equal(`${CUSTOM_TRANSPORT}|agency-x@`);
    expect(queue('agency-x', 1).startsWith(destination)).to.equal(true);
    expect(queue('agency-y', 1).startsWith(destination)).to.equal(false);
    expect(queue('agency-x-2', 1).startsWith(destination), 'an id that starts with the same letters').to.equal(false);
  });
});
