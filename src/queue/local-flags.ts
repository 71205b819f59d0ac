/**
 * The element's few small facts in localStorage: when a survey was last answered or dismissed,
 * the day it was last counted as shown, shown counts not yet delivered, hashes of the email
 * invitations answered here (answered-invitations.ts), and on a kiosk when each endpoint last
 * acknowledged answers (last-sent.ts). localStorage rather
 * than IndexedDB because it is synchronous: a survey in its cooldown never flashes up. Never a
 * cookie, and nothing about the person. The only file besides the queue adapters that touches storage.
 */
export interface FlagStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

const PREFIX = 'feedback-loop:';

/** A store in memory, for when localStorage is blocked (private modes, sandboxed frames, quota). */
export function memoryFlags(): FlagStore {
  const map = new Map<string, string>();
  return {
    get: key => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: key => void map.delete(key),
  };
}

/** localStorage under a `feedback-loop:` prefix; falls back to memory when storage refuses. */
export function localFlags(): FlagStore {
  const fallback = memoryFlags();
  const storage = (): Storage | undefined => {
    try {
      return globalThis.localStorage ?? undefined;
    } catch {
      return undefined; // a sandboxed frame throws on the mere access
    }
  };
  return {
    get(key) {
      try {
        return storage()?.getItem(PREFIX + key) ?? fallback.get(key);
      } catch {
        return fallback.get(key);
      }
    },
    set(key, value) {
      fallback.set(key, value);
      try {
        storage()?.setItem(PREFIX + key, value);
      } catch {
        // full or blocked: this page still remembers
      }
    },
    remove(key) {
      fallback.remove(key);
      try {
        storage()?.removeItem(PREFIX + key);
      } catch {
        // as above
      }
    },
  };
}
