/**
 * Long work taking turns with everything else on the event loop. A request with a lot
 * to do awaits next() before each piece; one piece runs per turn of the loop, in the
 * order asked, and between turns the loop reads sockets and answers other requests
 * (/healthz within one piece's time, however many large requests are running).
 */
export class EventLoopTurns {
  private readonly waiting: Array<() => void> = [];
  private running = false;

  /** Resolves when it is this caller's turn: run one piece of work, then ask again. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.running) {
        this.running = true;
        setImmediate(this.turn);
      }
    });
  }

  // A setImmediate set from inside one runs on the next loop iteration, after its I/O:
  // each piece is followed by a chance for the loop to take in new requests.
  private readonly turn = (): void => {
    const resolve = this.waiting.shift();
    if (!resolve) {
      this.running = false;
      return;
    }
    resolve();
    setImmediate(this.turn);
  };
}
