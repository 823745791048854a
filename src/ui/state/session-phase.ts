/**
 * Where a study session stands (`SessionPhase`), what a finished run says about how it ended, and
 * which trials a reload interrupted (they run again, so they do not count as finished).
 */
import type { LoopFinish } from '../../runner';
import type { Trial } from '../../tuner';

export type SessionPhase =
  | { readonly kind: 'ready' }
  | { readonly kind: 'starting'; readonly detail: string }
  | { readonly kind: 'running' }
  | { readonly kind: 'paused' }
  | { readonly kind: 'finished'; readonly finish: LoopFinish['reason']; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  /** Another tab runs it: shown live, read-only; `owner: 'gone'` once that tab has let it go. */
  | { readonly kind: 'watching'; readonly owner: 'live' | 'gone' };

/** The phase of a run that has ended; `scheduled`: a scheduler decided what ran. */
export function finishedPhase(finish: LoopFinish, scheduled: boolean): SessionPhase {
  const message = finish.reason === 'exhausted' && scheduled ? `Done: the scheduler has nothing left to run (${finish.message}).` : describeFinish(finish);
  return { kind: 'finished', finish: finish.reason, message };
}

/** A trial marked failed because the page that ran it went away. */
export function isInterrupted(trial: Trial): boolean {
  return trial.state === 'failed' && (trial.reason ?? '').startsWith('interrupted');
}

function describeFinish(finish: LoopFinish): string {
  switch (finish.reason) {
    case 'trial-budget':
      return 'Done: the trial budget is spent.';
    case 'time-budget':
      return 'Done: the time budget ran out; running trials were stopped.';
    case 'exhausted':
      return `Done: the strategy has nothing left to try (${finish.message}).`;
    case 'cancelled':
      return 'Stopped.';
    case 'no-slots':
      return 'Stopped: every worker crashed and none could be restarted.';
    case 'error':
      return `Stopped by an error: ${finish.error.message}`;
    default: {
      const unreachable: never = finish;
      return unreachable;
    }
  }
}
