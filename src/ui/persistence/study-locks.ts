/**
 * One writer per study, across the page's tabs: the tab that runs a study holds the Web Lock
 * `study:<id>` for as long as it keeps the study. Another tab asks `heldElsewhere` before it marks
 * a study interrupted, and `whenFree` tells it once the owner is gone (its lock released: the tab
 * closed, crashed or moved on), so it can offer to take the study over.
 *
 * Without the Web Locks API (old browsers, insecure contexts) every claim succeeds and no lock is
 * ever held elsewhere: the page behaves as it did before locks.
 */

export interface StudyLocks {
  /** False when the browser has no Web Locks: claims always succeed. */
  readonly supported: boolean;
  /** Takes the study's lock if no tab holds it (true), or says another does (false). Claiming one this tab holds is true. */
  claim(id: string): Promise<boolean>;
  /** Lets go of a lock this tab holds (nothing when it holds none). */
  release(id: string): void;
  /** Ids of studies whose lock another tab holds now. */
  heldElsewhere(): Promise<ReadonlySet<string>>;
  /**
   * Waits for the study's lock; once granted, runs `onFree` while holding it, then lets it go.
   * Returns a cancel function.
   */
  whenFree(id: string, onFree: () => Promise<void> | void): () => void;
}

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export const LOCK_PREFIX = 'study:';

/** Locks from `navigator.locks` (or the given manager); the fallback where there is none. */
export function browserLocks(manager: LockManagerLike | null = defaultManager()): StudyLocks {
  if (manager === null) return NO_LOCKS;
  const held = new Map<string, () => void>();
  return {
    supported: true,
    async claim(id) {
      if (held.has(id)) return true;
      const granted = await new Promise<boolean>((resolve, reject) => {
        manager
          .request(LOCK_PREFIX + id, { ifAvailable: true }, (lock) => {
            if (lock === null) {
              resolve(false);
              return;
            }
            resolve(true);
            // Held until `release`: the callback's promise is the lock's lifetime.
            return new Promise<void>((letGo) => held.set(id, letGo));
          })
          .catch(reject);
      });
      return granted;
    },
    release(id) {
      const letGo = held.get(id);
      held.delete(id);
      letGo?.();
    },
    async heldElsewhere() {
      const snapshot = await manager.query();
      const ids = new Set<string>();
      for (const lock of snapshot.held ?? []) {
        const name = lock.name ?? '';
        if (!name.startsWith(LOCK_PREFIX)) continue;
        const id = name.slice(LOCK_PREFIX.length);
        if (!held.has(id)) ids.add(id);
      }
      return ids;
    },
    whenFree(id, onFree) {
      const abort = new AbortController();
      manager
        .request(LOCK_PREFIX + id, { signal: abort.signal }, async () => {
          await onFree();
        })
        .catch(() => undefined); // aborted
      return () => abort.abort();
    },
  };
}

const NO_LOCKS: StudyLocks = {
  supported: false,
  claim: () => Promise.resolve(true),
  release: () => undefined,
  heldElsewhere: () => Promise.resolve(new Set()),
  whenFree: () => () => undefined,
};

function defaultManager(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks !== undefined && typeof locks.request === 'function' && typeof locks.query === 'function' ? locks : null;
}
