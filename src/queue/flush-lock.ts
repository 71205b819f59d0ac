/**
 * Runs `work` while holding the queue's Web Lock, so one tab at a time flushes (S22). Where Web
 * Locks are missing (insecure context, old engines) or refused (an opaque-origin sandbox) it runs
 * anyway: the IndexedDB lease still keeps an item from being in flight twice (S24). A tab that
 * closes releases its lock (S23).
 */
export async function withFlushLock(name: string, work: () => Promise<void>, locks?: LockManager | null): Promise<void> {
  const manager = locks === undefined ? globalThis.navigator?.locks : locks;
  if (!manager) return work();
  let started = false;
  try {
    await manager.request(`feedback-loop:flush:${name}`, () => {
      started = true;
      return work();
    });
  } catch (error) {
    if (started) throw error; // the work itself failed: never run it twice
    return work();
  }
}
