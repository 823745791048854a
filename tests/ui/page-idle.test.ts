/** afterPageIdle: background work waits for the load event, then for the browser's idle moment. */
import { describe, expect, it } from 'vitest';
import { afterPageIdle, type IdleHost } from '../../src/ui/page-idle';

/** A page whose load, idle callbacks and timeouts fire when the test says. */
function fakeHost(readyState: DocumentReadyState, withIdle: boolean) {
  const onLoad: (() => void)[] = [];
  const idle: { callback: () => void; timeout: number }[] = [];
  const timeouts: { callback: () => void; ms: number }[] = [];
  const host: IdleHost = {
    readyState,
    onLoad: (callback) => onLoad.push(callback),
    requestIdle: withIdle ? (callback, options) => idle.push({ callback, timeout: options.timeout }) : undefined,
    setTimeout: (callback, ms) => timeouts.push({ callback, ms }),
  };
  return { host, onLoad, idle, timeouts };
}

async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('afterPageIdle', () => {
  it('waits for the load event, then for an idle callback with the timeout', async () => {
    const page = fakeHost('interactive', true);
    const waiting = afterPageIdle(2000, page.host);
    expect(page.idle).toHaveLength(0);
    expect(await settled(waiting)).toBe(false);
    page.onLoad.forEach((fire) => fire());
    expect(page.idle.map((i) => i.timeout)).toEqual([2000]);
    expect(await settled(waiting)).toBe(false);
    page.idle[0]!.callback();
    expect(await settled(waiting)).toBe(true);
  });

  it('asks for idle time at once on a page that has already loaded', async () => {
    const page = fakeHost('complete', true);
    const waiting = afterPageIdle(500, page.host);
    expect(page.onLoad).toHaveLength(0);
    page.idle[0]!.callback();
    expect(await settled(waiting)).toBe(true);
  });

  it('falls back to a short timeout where the browser has no requestIdleCallback', async () => {
    const page = fakeHost('complete', false);
    const waiting = afterPageIdle(2000, page.host);
    expect(page.timeouts.map((t) => t.ms)).toEqual([200]);
    page.timeouts[0]!.callback();
    expect(await settled(waiting)).toBe(true);
  });

  it('refuses a negative or missing timeout by name', () => {
    expect(() => afterPageIdle(-1, fakeHost('complete', true).host)).toThrow(/timeout of 0 ms or more, not -1/);
    expect(() => afterPageIdle(Number.NaN, fakeHost('complete', true).host)).toThrow(/not NaN/);
  });
});
