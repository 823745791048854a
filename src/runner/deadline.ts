/**
 * A time budget that can be paused: `fire` runs once `budgetMs` of unpaused clock time have passed.
 */
import type { RunnerClock } from './clock';

export class PausableDeadline {
  /** Unpaused time used before the current stretch. */
  private usedMs = 0;
  private runningSince: number | null = null;
  private cancelTimer: () => void = () => {};
  private done = false;

  constructor(
    private readonly clock: RunnerClock,
    private readonly budgetMs: number,
    private readonly fire: () => void,
  ) {}

  /** Starts (or resumes) counting. */
  start(): void {
    if (this.done || this.runningSince !== null) return;
    this.runningSince = this.clock.now();
    this.cancelTimer = this.clock.setTimer(Math.max(0, this.budgetMs - this.usedMs), () => {
      this.done = true;
      this.runningSince = null;
      this.fire();
    });
  }

  /** Stops counting until the next `start`. */
  pause(): void {
    if (this.runningSince === null) return;
    this.cancelTimer();
    this.usedMs += this.clock.now() - this.runningSince;
    this.runningSince = null;
  }

  /** Stops counting for good. */
  cancel(): void {
    this.pause();
    this.done = true;
  }
}
