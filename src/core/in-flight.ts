/**
 * Work under way (requests being handled, disconnects being recorded), counted so that a
 * graceful stop can wait for it to finish before it closes the stores the work writes to.
 * A counter, not a set of promises: tracking costs one increment and one decrement.
 *
 * @example
 * const work = new InFlight();
 * void work.track(handle(request));
 * await work.settled(5_000); // on shutdown: true when everything finished in time
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** Counts `task` until it settles (fulfilled or rejected); answers `task` itself. */
  track<T>(task: Promise<T>): Promise<T> {
    this.count++;
    task.then(this.done, this.done);
    return task;
  }

  private readonly done = (): void => {
    if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  };

  get size(): number {
    return this.count;
  }

  /** Resolves once nothing is in flight (true), or after `timeoutMs` with work still under way (false). */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }
}
