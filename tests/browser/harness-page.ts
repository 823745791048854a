/**
 * The Node side the harness tests in this folder share: a harness page opened before a test file's
 * tests and closed after them (as tests/e2e/page-helpers.ts opens the app's page), and failures
 * that carry the end of the page's console.
 */
import { startBrowserEnv } from '../../scripts/browser-env';
import { useEnv, type PageEnv } from '../e2e/page-helpers';

/** A test file's harness page; its fields are read inside a test or a hook. */
export interface HarnessPage extends PageEnv {
  /** Runs `body`; on failure, throws an error whose message adds the page's last 30 console lines. */
  withLog<T>(body: () => Promise<T>): Promise<T>;
}

/**
 * Registers the hooks that open `pagePath` (ready once `readyExpression` holds in the page, within
 * `timeoutMs`) before the file's tests and close it after them. Hooks the file registers later run
 * after the page is open.
 */
export function useHarnessPage(pagePath: string, readyExpression: string, timeoutMs: number): HarnessPage {
  const env = useEnv(() => startBrowserEnv(pagePath, readyExpression), timeoutMs);
  return Object.assign(env, {
    async withLog<T>(body: () => Promise<T>): Promise<T> {
      try {
        return await body();
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- page console ---\n${env.log.slice(-30).join('\n')}`);
      }
    },
  });
}
