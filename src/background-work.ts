/**
 * Work that must not interleave (writes and reloads of one store) runs one piece at
 * a time, in the order it was asked for. A failed piece fails its own caller only.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * A check run every intervalMs on a timer, whatever the traffic: the next run is
 * scheduled when the previous one ends, so runs never overlap. The timer is unref'd
 * (it never keeps the process alive); stop() ends it and waits for a run in progress.
 * Failures are reported, not thrown, and the next run tries again.
 *
 *   // GlossaryKeeper's, following other processes' writes:
 *   const poll = new BackgroundPoll(250, () => this.followChangesElsewhere(), 'glossary: reading the change journal');
 *   poll.start(); ... await poll.stop();
 */
export class BackgroundPoll {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** soon() was asked during a run: run again as soon as it ends. */
  private again = false;

  constructor(
    private readonly intervalMs: number,
    private readonly check: () => Promise<void>,
    private readonly what: string,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => this.run(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Run the check now rather than at the next tick (something said there is work:
   * a PostgreSQL notification); after the run in progress, if there is one.
   */
  soon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.run();
  }

  private run(): void {
    this.timer = undefined;
    this.running = this.check()
      .catch((error: unknown) => {
        if (!this.stopped) console.error(`${this.what} failed: ${String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.soon();
        } else this.start();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
