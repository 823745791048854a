/**
 * Starting a task worker (any worker module that calls `serveTrials`, see
 * src/training/serve/protocol.ts), or saying why it could not start: the one place that makes a
 * worker and wraps it, used by the worker executor, the page's backend probe and its model export.
 * Never hangs: a worker whose script does not load, that throws while loading, that stays silent
 * (see WorkerWatchdog), or that does not pick a backend and run its task's setup within
 * `startTimeoutMs` is terminated and the start rejects with a `WorkerStartError` naming the script
 * and the problem. A task whose own setup (its data loader) throws is not a crash: the start rejects
 * with a `WorkerSetupError` instead (the worker is terminated too), and starting another worker
 * with the same setup will not help.
 *
 *   const started = await startTrialWorker(script, 'auto', setupData, { silenceLimitMs: 10_000 });
 *   started.report;            // the backend it got (null for 'none')
 *   await started.api.run(job, Comlink.proxy(onProgress));
 *   started.watchdog.stop(); started.worker.terminate();
 */
import * as Comlink from 'comlink';
import { TASK_SETUP_ERROR, type BackendPreference, type BackendReport, type TaskWorkerApi } from '../training/serve/protocol';
import { ExecutorCrashedError, ExecutorSetupError } from './executor';
import { WorkerWatchdog } from './worker-watchdog';

/** A worker script: how to make one, and what to call it in messages. */
export interface WorkerScript {
  /** e.g. "workers/trial.worker.ts". */
  readonly name: string;
  /** Starts a new worker running the script. */
  create(): Worker;
}

/** A worker that could not start (a slot that died before its first trial); the message names the script and the problem. */
export class WorkerStartError extends ExecutorCrashedError {
  override readonly name: string = 'WorkerStartError';
}

/**
 * A worker that loaded and picked its backend, but whose task's setup (the user's data loader)
 * threw: "trials.worker.ts could not start: setup failed: data() threw: …". Not a crash: another
 * worker with the same setup fails the same way, so the pool does not start more.
 */
export class WorkerSetupError extends ExecutorSetupError {
  override readonly name: string = 'WorkerSetupError';
}

/** Limits on starting a worker. */
export interface WorkerStartOptions {
  /** Silence allowed before the worker counts as hung (see WorkerWatchdog); default 10 000 ms. */
  readonly silenceLimitMs?: number;
  /** The whole start (script, tfjs, backend and the task's setup) must be done by then; default 120 000 ms. */
  readonly startTimeoutMs?: number;
}

/** A worker that started: the worker, its comlink face, the backend it got and its watchdog. */
export interface StartedWorker {
  readonly worker: Worker;
  readonly api: Comlink.Remote<TaskWorkerApi>;
  /** The backend it got; null when started with 'none' (a task that needs no tfjs). */
  readonly report: BackendReport | null;
  /** Still watching: the caller points it at its own handler (`reportTo`) and stops it. */
  readonly watchdog: WorkerWatchdog;
}

/**
 * Starts `script` and calls its `init`: a backend from `preference` down, then the task's setup with
 * `setup` (structured-cloned; SharedArrayBuffers stay shared). Rejects with a WorkerStartError that
 * names the script and the problem, or, when the task's setup threw, with a WorkerSetupError naming
 * the script and the setup's error; the worker is terminated either way.
 */
export async function startTrialWorker(
  script: WorkerScript,
  preference: BackendPreference | 'none',
  setup: unknown,
  options: WorkerStartOptions = {},
): Promise<StartedWorker> {
  const refusals = new RefusalLog();
  const worker = script.create();
  const api = Comlink.wrap<TaskWorkerApi>(worker);
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
  const timer = setTimeout(() => fail(`it did not pick a backend and run its setup within ${Math.round(startTimeoutMs / 1000)} s`), startTimeoutMs);
  try {
    const report = await Promise.race([api.init(preference, setup), failed]);
    return { worker, api, report, watchdog };
  } catch (error) {
    watchdog.stop();
    worker.terminate();
    if (error instanceof WorkerStartError) throw error;
    const message = `${script.name} could not start: ${error instanceof Error ? error.message : String(error)}`;
    // Comlink carries a rejection's name across: the task's setup threw, the worker itself is fine.
    if (error instanceof Error && error.name === TASK_SETUP_ERROR) throw new WorkerSetupError(message, { cause: error });
    throw new WorkerStartError(message);
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
