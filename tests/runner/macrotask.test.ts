import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterMicrotasks } from '../../src/runner/macrotask';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('afterMicrotasks', () => {
  it('on one shared MessageChannel (no setImmediate): runs each callback in order, after the pending promise reactions', async () => {
    vi.stubGlobal('setImmediate', undefined);
    const created = vi.spyOn(globalThis, 'MessageChannel');
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      afterMicrotasks(() => seen.push('a'));
      afterMicrotasks(() => seen.push('b'));
      afterMicrotasks(() => {
        seen.push('c');
        resolve();
      });
    });
    void Promise.resolve().then(() => seen.push('microtask'));
    await done;
    expect(seen).toEqual(['microtask', 'a', 'b', 'c']);
    // One channel serves every call (the first call of the process may have made it before this test).
    expect(created.mock.calls.length).toBeLessThanOrEqual(1);
    created.mockRestore();
  });
});
