/**
 * Notices a trial worker that went silent: one killed without an 'error' event, or hung. A live
 * worker posts a heartbeat every second and, before a batch that may hold its thread, says for how
 * long (`WorkerHeartbeat.busyForMs`, see src/training/serve/heartbeat.ts). Any message from the worker
 * counts as a sign of life; a worker heard from neither within `silenceLimitMs` plus the time it
 * last announced is silent, and `onSilent` is called once with the reason.
 *
 *   const watchdog = new WorkerWatchdog(worker, { silenceLimitMs: 10_000 }, (reason) => die(reason));
 *   watchdog.reportTo(other); watchdog.stop();
 *
 * Why 10 s by default: a timer beat comes every second whenever the worker's thread is free, and
 * every stretch that holds it (a training or validation batch) is announced with four to eight
 * times its expected length, so 10 s is left for what is not announced: loading the script and
 * tfjs, picking a backend, building a network. Detection then takes at most 10 s + one check
 * (0.5 s) after the last sign of life: within 15 s of a silent worker's last beat, unless it went
 * silent inside an announced batch, which is then given the time it announced.
 *
 * The page's own stalls do not count against the worker: when a check runs late (the page's thread
 * was busy, or the tab's timers were throttled) the worker's messages may be queued behind it, so
 * that check passes no judgement.
 */
import type { WorkerHeartbeat } from '../training/serve/protocol';

/** Silence beyond what a worker announced after which it counts as dead: 10 s. */
export const DEFAULT_SILENCE_LIMIT_MS = 10_000;

/** Whether a worker's message is a heartbeat (the worker posts them beside comlink's messages). */
export function isWorkerHeartbeat(data: unknown): data is WorkerHeartbeat {
  if (typeof data !== 'object' || data === null) return false;
  const beat = data as Partial<WorkerHeartbeat>;
  return beat.type === 'trial-worker-heartbeat' && typeof beat.busyForMs === 'number' && Number.isFinite(beat.busyForMs) && beat.busyForMs >= 0;
}
const CHECK_EVERY_MS = 500;

/** Options of a `WorkerWatchdog`. */
export interface WatchdogOptions {
  /** Silence allowed on top of what the worker announced; default 10 000 ms. */
  readonly silenceLimitMs?: number;
  /** Injectable clock (ms); default performance.now. */
  readonly now?: () => number;
}

/** The longest silence a watchdog saw, and what was allowed at that moment (ms). */
export interface SilenceRecord {
  readonly silentMs: number;
  readonly allowedMs: number;
}

/** Watches a worker's messages and heartbeats, and calls back once when it stays silent longer than it announced plus the limit. */
export class WorkerWatchdog {
  private readonly now: () => number;
  private readonly limitMs: number;
  private lastHeard: number;
  private lastCheck: number;
  private busyForMs = 0;
  private longest: SilenceRecord = { silentMs: 0, allowedMs: 0 };
  private timer: ReturnType<typeof setInterval> | null;
  private readonly onMessage = (event: MessageEvent) => {
    this.lastHeard = this.now();
    this.busyForMs = isWorkerHeartbeat(event.data) ? event.data.busyForMs : 0;
  };

  constructor(
    private readonly worker: Worker,
    options: WatchdogOptions,
    private onSilent: (reason: string) => void,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.limitMs = options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS;
    if (!(this.limitMs > 0)) throw new RangeError(`silenceLimitMs must be > 0, got ${this.limitMs}`);
    this.lastHeard = this.lastCheck = this.now();
    worker.addEventListener('message', this.onMessage);
    this.timer = setInterval(() => this.check(), Math.min(CHECK_EVERY_MS, this.limitMs / 4));
  }

  /** The longest silence seen so far (between two signs of life, or up to now). */
  get longestSilence(): SilenceRecord {
    return this.longest;
  }

  /** From now on a silence is reported to `onSilent` instead (e.g. once a started worker has an owner). */
  reportTo(onSilent: (reason: string) => void): void {
    this.onSilent = onSilent;
  }

  /** Stops watching and removes its listeners from the worker. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.worker.removeEventListener('message', this.onMessage);
  }

  private check(): void {
    const now = this.now();
    const late = now - this.lastCheck > 3 * Math.min(CHECK_EVERY_MS, this.limitMs / 4);
    this.lastCheck = now;
    if (late) return;
    const silentMs = now - this.lastHeard;
    const allowedMs = this.limitMs + this.busyForMs;
    if (silentMs > this.longest.silentMs) this.longest = { silentMs, allowedMs };
    if (silentMs <= allowedMs) return;
    this.stop();
    const announced = this.busyForMs > 0 ? ` (${seconds(this.busyForMs)} s of them announced as busy)` : '';
    this.onSilent(`the worker sent nothing for ${seconds(silentMs)} s${announced}: it hung or was killed without an error`);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
