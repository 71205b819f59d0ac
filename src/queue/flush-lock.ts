/**
 * Runs `work` while holding the queue's Web Lock, so one tab at a time flushes (S22). Where Web
 * Locks are missing (insecure context, old engines) it runs anyway: the IndexedDB lease still keeps
 * an item from being in flight twice (S24). A tab that closes releases its lock (S23).
 */
export async function withFlushLock(name: string, work: () => Promise<void>, locks?: LockManager | null): Promise<void> {
  const manager = locks === undefined ? globalThis.navigator?.locks : locks;
  if (!manager) return work();
  await manager.request(`feedback-loop:flush:${name}`, () => work());
}
