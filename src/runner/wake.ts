/**
 * A one-slot alarm for an event loop: `notify()` wakes the next (or current) `wait()`. Notifications
 * while nobody waits are kept (once), so a loop that checks its state and then waits never misses one.
 */
export class Wake {
  private pending = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    const resolve = this.resolve;
    if (resolve === null) {
      this.pending = true;
      return;
    }
    this.resolve = null;
    resolve();
  }

  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }
}
