/**
 * Starting a trial worker, or saying why it could not start: used by the worker executor (which
 * then gives it a dataset) and by the page's backend probe. Never hangs: a worker whose script does
 * not load, that throws while loading, that stays silent (see WorkerWatchdog) or that does not pick
 * a backend within `startTimeoutMs` is terminated and the start rejects with a `WorkerStartError`
 * naming the script and the problem.
 *
 *   const started = await startTrialWorker(TRIAL_WORKER, 'auto', { silenceLimitMs: 10_000 });
 *   started.report;            // the backend it got
 *   started.watchdog.stop(); started.worker.terminate();
 */
import * as Comlink from 'comlink';
import type { BackendPreference, BackendReport, TrialWorkerApi } from '../training/protocol';
import { ExecutorCrashedError } from './executor';
import { WorkerWatchdog } from './worker-watchdog';

/** A worker script: how to make one, and what to call it in messages. */
export interface WorkerScript {
  /** e.g. "workers/trial.worker.ts". */
  readonly name: string;
  create(): Worker;
}

/** The real trial worker. */
export const TRIAL_WORKER: WorkerScript = {
  name: 'workers/trial.worker.ts',
  create: () => new Worker(new URL('../../workers/trial.worker.ts', import.meta.url), { type: 'module' }),
};

/** A worker that could not start (a slot that died before its first trial); the message names the script and the problem. */
export class WorkerStartError extends ExecutorCrashedError {
  override readonly name: string = 'WorkerStartError';
}

export interface WorkerStartOptions {
  /** Silence allowed before the worker counts as hung (see WorkerWatchdog); default 10 000 ms. */
  readonly silenceLimitMs?: number;
  /** The whole start (script, tfjs, backend, and `then`) must be done by then; default 120 000 ms. */
  readonly startTimeoutMs?: number;
}

export interface StartedWorker {
  readonly worker: Worker;
  readonly api: Comlink.Remote<TrialWorkerApi>;
  readonly report: BackendReport;
  /** Still watching: the caller points it at its own handler (`reportTo`) and stops it. */
  readonly watchdog: WorkerWatchdog;
}

/**
 * Starts `script`, asks it for a backend from `preference` down, then runs `then` (e.g. loading a
 * dataset) under the same guards. Rejects with a WorkerStartError; the worker is terminated then.
 */
export async function startTrialWorker(
  script: WorkerScript,
  preference: BackendPreference,
  options: WorkerStartOptions = {},
  then: (api: Comlink.Remote<TrialWorkerApi>) => Promise<void> = async () => undefined,
): Promise<StartedWorker> {
  const refusals = new RefusalLog();
  const worker = script.create();
  const api = Comlink.wrap<TrialWorkerApi>(worker);
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  let fail: (problem: string) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = (problem) => reject(new WorkerStartError(`${script.name} could not start: ${problem}`));
  });
  failed.catch(() => undefined);
  const onError = (event: Event) => fail(describeLoadError(event, refusals.latest()));
  const onMessageError = () => fail('it sent a message that could not be deserialised');
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);
  const watchdog = new WorkerWatchdog(worker, options, (reason) => fail(reason.replace(/^the worker /, 'it ')));
  const timer = setTimeout(() => fail(`it did not pick a backend and get ready within ${Math.round(startTimeoutMs / 1000)} s`), startTimeoutMs);
  try {
    const report = await Promise.race([api.init(preference), failed]);
    await Promise.race([then(api), failed]);
    return { worker, api, report, watchdog };
  } catch (error) {
    watchdog.stop();
    worker.terminate();
    if (error instanceof WorkerStartError) throw error;
    throw new WorkerStartError(`${script.name} could not start: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
    refusals.stop();
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
  }
}

/**
 * What an 'error' event at start means. An ErrorEvent with a message: the script threw while it
 * loaded. A bare Event: the browser could not load the script or a module it imports, and says no
 * more (a missing file, an HTTP or network error, a wrong MIME type, or the Content-Security-Policy);
 * a policy refusal seen meanwhile is named.
 */
function describeLoadError(event: Event, refusal: string | null): string {
  if (event instanceof ErrorEvent && event.message !== '') {
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    return `it threw while loading: ${event.message}${where}`;
  }
  if (refusal !== null) return `the Content-Security-Policy refused it (${refusal})`;
  return 'the browser could not load the script or a module it imports (a missing file, an HTTP or network error, or a refused Content-Security-Policy)';
}

/** Content-Security-Policy refusals on the page while a worker starts (a worker-src refusal fires on the document). */
class RefusalLog {
  private last: string | null = null;
  private readonly listener = (event: SecurityPolicyViolationEvent) => {
    this.last = `${event.effectiveDirective} refused ${event.blockedURI || 'an inline script'}`;
  };

  constructor() {
    if (typeof document !== 'undefined') document.addEventListener('securitypolicyviolation', this.listener);
  }

  latest(): string | null {
    return this.last;
  }

  stop(): void {
    if (typeof document !== 'undefined') document.removeEventListener('securitypolicyviolation', this.listener);
  }
}
