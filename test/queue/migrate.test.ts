import '../helpers/fresh-storage.js';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { FeedbackLoop } from '../../src/components/feedback-loop/feedback-loop.js';
import { migrateQueuedAnswers, type MigrateOptions } from '../../src/migrate.js';
import { DB_PREFIX, openIdbStore } from '../../src/queue/idb.js';
import { movedKey } from '../../src/queue/move-queue.js';
import { Outbox } from '../../src/queue/outbox.js';
import { write } from '../../src/queue/outbox-store.js';
import { createFetchTransport } from '../../src/queue/transport.js';
import { newRecord } from '../helpers/ledger.js';
import { expectExactlyOnce, ledgerKey, ledgerUrl, read, script, settled, times, waitForLedger } from '../helpers/ledger-client.js';

// migrateQueuedAnswers() (feedback-loop/migrate, S39) through real IndexedDB, real fetch and the
// ledger collector (test/helpers/ledger-endpoint.mjs): answers queued for endpoint A, moved to B.

const SURVEY = 'service-quality@1';
let keys: string[] = [];
let outboxes: Outbox[] = [];

/** A fresh endpoint: a ledger of its own. */
function newEndpoint(): { key: string; url: string; href: string } {
  const key = ledgerKey('migrate');
  keys.push(key);
  const url = ledgerUrl(key);
  return { key, url, href: new URL(url, document.baseURI).href };
}

/** The outbox an element on `endpoint` with the default survey sends from. */
function outboxAt(endpoint: { href: string }, options: { batchSize?: number } = {}): Outbox {
  const outbox = new Outbox({ queue: `${endpoint.href}|${SURVEY}`, endpoint: endpoint.href, transport: createFetchTransport(endpoint.href), ...options });
  outboxes.push(outbox);
  return outbox;
}

/** Stores `n` answers for `endpoint` and tries them once, which fails as its ledger is told to. */
async function queuedFor(endpoint: { href: string }, n: number): Promise<string[]> {
  const outbox = outboxAt(endpoint);
  const records = Array.from({ length: n }, () => newRecord());
  for (const record of records) await outbox.commit(record);
  await outbox.flush();
  expect(await outbox.pending()).to.equal(n);
  return records.map(record => record.id);
}

/** Runs a migration with its log line kept (tests print nothing). */
async function migrate(options: Omit<MigrateOptions, 'log'>, lines: string[] = []) {
  return migrateQueuedAnswers({ ...options, log: line => lines.push(line) });
}

async function rejection(options: unknown): Promise<Error> {
  try {
    await migrateQueuedAnswers({ log: () => {}, ...(options as MigrateOptions) });
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
}

afterEach(async () => {
  for (const outbox of outboxes) {
    outbox.dispose();
    outbox.close();
  }
  outboxes = [];
  const names = (await indexedDB.databases()).map(db => db.name ?? '').filter(name => name.startsWith(DB_PREFIX) && keys.some(key => name.includes(key)));
  await Promise.all(names.map(name => new Promise(resolve => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  })));
  keys = [];
});

describe('migrateQueuedAnswers()', function () {
  this.timeout(20_000);

  it('S39: moves the answers queued for an endpoint that answers 503 to the new one, which sends each exactly once', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    await script(a.key, times(10, { status: 503 }));
    const ids = await queuedFor(a, 3);

    const lines: string[] = [];
    const result = await migrate({ from: a.url, to: b.url }, lines);
    expect(result).to.deep.equal({
      moved: 3,
      deadLetters: 0,
      left: 0,
      queues: [{ from: `${a.href}|${SURVEY}`, to: `${b.href}|${SURVEY}`, moved: 3, deadLetters: 0, left: 0 }],
    });
    // Logged with the counts and both endpoints, never an answer.
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('moved 3 queued answers').and.include(a.href).and.include(b.href);
    for (const id of ids) expect(lines[0]).not.to.include(id);

    expect(await outboxAt(a).pending(), 'the old queue is empty').to.equal(0);
    const next = outboxAt(b);
    expect(await next.pending()).to.equal(3);
    await next.flush();
    expect(await next.pending()).to.equal(0);
    await expectExactlyOnce(b.key, ids);
    expect((await read(a.key)).accepted, 'the old endpoint stored nothing').to.deep.equal({});
  });

  it('S39: an element on the new endpoint sends the answers moved from one that answered 404', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    await script(a.key, times(10, { status: 404 }));
    const ids = await queuedFor(a, 2);
    expect((await migrate({ from: a.url, to: b.url })).moved).to.equal(2);

    await fixture<FeedbackLoop>(html`<feedback-loop lang="en" endpoint=${b.url}></feedback-loop>`);
    await waitForLedger(b.key, ledger => ids.every(id => ledger.accepted[id]), 'the element sent the moved answers', 10_000);
    await settled(b.key);
    await expectExactlyOnce(b.key, ids);
  });

  it('S39: dead letters move too, stamped with the new endpoint, and are sent there when retried', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    const refused = newRecord();
    const old = outboxAt(a);
    await script(a.key, [{ rejectIds: [refused.id] }]);
    await old.commit(refused);
    await old.flush();
    expect((await old.deadLetters()).map(l => l.id)).to.deep.equal([refused.id]);

    const result = await migrate({ from: a.url, to: b.url });
    expect(result).to.include({ moved: 0, deadLetters: 1, left: 0 });
    expect(await old.deadLetters(), 'gone from the old queue').to.deep.equal([]);
    const next = outboxAt(b);
    const [letter] = await next.deadLetters();
    expect(letter).to.include({ id: refused.id, endpoint: b.href });
    expect(await next.retryDeadLetters()).to.equal(1);
    await next.flush();
    await waitForLedger(b.key, ledger => ledger.accepted[refused.id] === 1, 'the retried dead letter sent to the new endpoint', 10_000);
    await expectExactlyOnce(b.key, [refused.id]);
  });

  it('S39: a second run moves nothing, and creates no queue for an endpoint with nothing to move', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    const c = newEndpoint();
    await script(a.key, times(10, { status: 503 }));
    await queuedFor(a, 2);
    expect((await migrate({ from: a.url, to: b.url })).moved).to.equal(2);
    expect(await migrate({ from: a.url, to: b.url })).to.deep.equal({ moved: 0, deadLetters: 0, left: 0, queues: [] });
    expect(await outboxAt(b).pending(), 'each answer once in the new queue').to.equal(2);
    expect(await migrate({ from: a.url, to: c.url })).to.deep.equal({ moved: 0, deadLetters: 0, left: 0, queues: [] });
    const names = (await indexedDB.databases()).map(db => db.name ?? '');
    expect(names.some(name => name.includes(c.key))).to.equal(false);
  });

  it('S39: only the given survey\'s queues move', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    await script(a.key, times(10, { status: 503 }));
    await queuedFor(a, 1);
    expect((await migrate({ from: a.url, to: b.url, surveyId: 'other-survey' })).moved).to.equal(0);
    expect(await outboxAt(a).pending()).to.equal(1);
    expect((await migrate({ from: a.url, to: b.url, surveyId: 'service-quality' })).moved).to.equal(1);
  });

  it('S39: a run cut short after the copy resumes: the old queue lets go, nothing is copied again (an answer the new queue sent is not sent twice)', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    await script(a.key, times(10, { status: 503 }));
    const [sentId, keptId] = await queuedFor(a, 2);
    // As a run that stopped after its copy: the new queue holds one copied answer (the other one it
    // already sent and deleted), and the record of both copies; the old queue still holds both.
    const source = `${a.href}|${SURVEY}`;
    const old = await openIdbStore(source);
    const entries = await old.transact('read', [{ prefix: 'q:' }], ([found = []]) => ({ result: found }));
    old.close();
    const target = await openIdbStore(`${b.href}|${SURVEY}`);
    const kept = entries.find(([key]) => key.endsWith(keptId!))!;
    await write(target, 'move', { put: [[kept[0], { ...(kept[1] as object), endpoint: b.href }], [movedKey(source), entries.map(([key]) => key)]] });
    target.close();

    const result = await migrate({ from: a.url, to: b.url });
    expect(result).to.include({ moved: 2, left: 0 });
    expect(await outboxAt(a).pending(), 'the old queue let go').to.equal(0);
    const next = outboxAt(b);
    expect(await next.pending(), 'the sent answer is not copied again').to.equal(1);
    await next.flush();
    await expectExactlyOnce(b.key, [keptId!]);
    expect((await read(b.key)).received[sentId!], 'the answer sent before the cut is not sent again').to.equal(undefined);
  });

  it('S39: waits for a flush of the old queue under way: every answer goes exactly once, to one endpoint or the other', async () => {
    const a = newEndpoint();
    const b = newEndpoint();
    await script(a.key, times(10, { status: 503 }));
    const ids = await queuedFor(a, 5);
    // The old endpoint takes the first batch slowly, then fails: the flush holds the lock meanwhile.
    await script(a.key, [{ delayMs: 800 }, ...times(10, { status: 503 })]);
    const old = outboxAt(a, { batchSize: 2 });
    const flushing = old.flush({ force: true });
    await waitForLedger(a.key, ledger => ledger.inFlight > 0, 'the old endpoint receiving a batch', 10_000);
    const moving = migrate({ from: a.url, to: b.url });
    const [, result] = await Promise.all([flushing, moving]);

    const takenByA = Object.keys((await read(a.key)).accepted);
    expect(takenByA).to.have.length(2);
    expect(result.moved).to.equal(3);
    const next = outboxAt(b);
    await next.flush();
    await expectExactlyOnce(b.key, ids.filter(id => !takenByA.includes(id)));
    expect(await old.pending()).to.equal(0);
  });

  describe('bad options', () => {
    it('throws a TypeError naming an endpoint that is not one', async () => {
      const error = await rejection({ from: 'http://example.com/api/responses', to: '/api/new' });
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.include('from: Refused endpoint (insecure)');
      expect((await rejection({ from: '/api/old', to: 'ftp://example.com/x' })).message).to.include('to: Refused endpoint (unsupported-scheme)');
      expect((await rejection({ from: '/api/old', to: '' })).message).to.include('to: Refused endpoint (missing)');
    });

    it('throws a TypeError when both name the same endpoint, however written', async () => {
      const error = await rejection({ from: '/api/x', to: new URL('/api/x', document.baseURI).href });
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.include('to: from and to are the same endpoint');
    });

    it('throws a TypeError for a missing endpoint or a survey id that is not one', async () => {
      expect(await rejection({ from: '/api/old' })).to.be.instanceOf(TypeError);
      expect((await rejection({ from: '/api/old', to: '/api/new', surveyId: '1 bad' })).message).to.include('surveyId');
      const none = await migrateQueuedAnswers(undefined as unknown as MigrateOptions).catch((error: unknown) => error);
      expect(none).to.be.instanceOf(TypeError);
    });
  });
});
