/**
 * Running a function in a fresh macrotask, after every queued promise reaction: setImmediate where
 * there is one (Node), else a message on one MessageChannel that every caller shares (no 4 ms
 * clamp, as nested timeouts have), else a 0 ms timeout. One channel for all: a channel per call
 * would leave thousands of ports a second for the browser's collector when a simulated clock ticks
 * fast.
 */
type Callback = () => void;

/** Callbacks waiting for their message, in posting order (one message each). */
const queued: Callback[] = [];
let channel: MessageChannel | null = null;

function sharedChannel(): MessageChannel {
  if (channel === null) {
    const created = new MessageChannel();
    created.port1.onmessage = () => {
      const fn = queued.shift();
      fn?.();
    };
    channel = created;
  }
  return channel;
}

/** Runs `fn` in a fresh macrotask, i.e. after every queued promise reaction. */
export function afterMicrotasks(fn: () => void): void {
  const g = globalThis as { setImmediate?: (cb: Callback) => unknown };
  if (typeof g.setImmediate === 'function') {
    g.setImmediate(fn);
    return;
  }
  if (typeof MessageChannel !== 'undefined') {
    queued.push(fn);
    sharedChannel().port2.postMessage(null);
    return;
  }
  setTimeout(fn, 0);
}
