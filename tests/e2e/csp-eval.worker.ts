/**
 * Test-only worker: on each message it tries to evaluate a string, which the Content-Security-Policy
 * refuses (no 'unsafe-eval'), and answers whether it was refused. It waits for a message so that the
 * test's violation recorder is listening in it by then.
 */
const scope = self as unknown as { postMessage(message: unknown): void } & EventTarget;
scope.addEventListener('message', () => {
  let refused = false;
  try {
    new Function('return 1')();
  } catch {
    refused = true;
  }
  scope.postMessage({ refused });
});
