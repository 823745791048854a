/** An in-memory Web Locks manager and BroadcastChannel, shared by several "tabs" in one test. */
import type { LockManagerLike, StudyChannel, StudyNews } from '../../../src/ui/persistence';

export function memoryLockManager(): { manager: () => LockManagerLike } {
  const held = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const grant = (name: string, callback: (lock: unknown) => Promise<void> | void): Promise<void> => {
    held.add(name);
    return Promise.resolve(callback({ name })).finally(() => {
      held.delete(name);
      const next = waiting.get(name)?.shift();
      next?.();
    });
  };
  const manager = (): LockManagerLike => ({
    request(name, options, callback) {
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable === true) return Promise.resolve(callback(null));
      return new Promise((resolve, reject) => {
        const go = () => grant(name, callback).then(resolve, reject);
        const queue = waiting.get(name) ?? [];
        queue.push(go);
        waiting.set(name, queue);
        options.signal?.addEventListener('abort', () => {
          const q = waiting.get(name) ?? [];
          const at = q.indexOf(go);
          if (at >= 0) q.splice(at, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
    query: () => Promise.resolve({ held: [...held].map((name) => ({ name })) }),
  });
  return { manager };
}

/** Channels that deliver to every other channel made by the same hub, asynchronously. */
export function memoryChannelHub(): () => StudyChannel {
  const channels = new Set<Set<(news: StudyNews) => void>>();
  return () => {
    const listeners = new Set<(news: StudyNews) => void>();
    channels.add(listeners);
    return {
      post(news) {
        for (const other of channels) if (other !== listeners) for (const l of other) queueMicrotask(() => l(structuredClone(news)));
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        channels.delete(listeners);
      },
    };
  };
}
