/**
 * Waiting for the page to be interactive before starting background work (the landing race, the
 * backend probe): after the window's load event, then at the browser's next idle period
 * (`requestIdleCallback`, which runs once rendering and input are handled), or after `timeoutMs`
 * where the browser never reports idle time (Safari has no requestIdleCallback: a timeout stands in).
 */

/** What the wait reads from the page; the default is the window (tests pass their own). */
export interface IdleHost {
  readonly readyState: DocumentReadyState;
  onLoad(callback: () => void): void;
  requestIdle: ((callback: () => void, options: { timeout: number }) => void) | undefined;
  setTimeout(callback: () => void, ms: number): void;
}

function windowHost(): IdleHost {
  return {
    get readyState() {
      return document.readyState;
    },
    onLoad: (callback) => addEventListener('load', callback, { once: true }),
    requestIdle: typeof requestIdleCallback === 'function' ? (callback, options) => requestIdleCallback(callback, options) : undefined,
    setTimeout: (callback, ms) => void setTimeout(callback, ms),
  };
}

/** Resolves once the page has loaded and the browser has an idle moment (at most `timeoutMs` after load). */
export function afterPageIdle(timeoutMs: number, host: IdleHost = windowHost()): Promise<void> {
  if (!(timeoutMs >= 0)) throw new Error(`afterPageIdle needs a timeout of 0 ms or more, not ${timeoutMs}`);
  return new Promise((resolve) => {
    const idle = () => {
      if (host.requestIdle !== undefined) host.requestIdle(() => resolve(), { timeout: timeoutMs });
      else host.setTimeout(resolve, Math.min(timeoutMs, 200));
    };
    if (host.readyState === 'complete') idle();
    else host.onLoad(idle);
  });
}
