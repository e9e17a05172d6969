import pg from 'pg';
import { CHANGE_CHANNEL } from '../db/change-channel.ts';

/** The longest wait between attempts to listen again after the connection was lost. */
const MAX_RETRY_MS = 2_000;

/**
 * Listens on PostgreSQL's CHANGE_CHANNEL, on a connection of its own, for the changes
 * other replicas commit (recordChangeAfter notifies it) and new builds of the glossary
 * store (writeGeneration does), and calls onNotice for each.
 * A notification sent while this replica was not listening is lost, so after every
 * (re)connection onNotice is called once as well: the catch-up read that finds
 * whatever was committed meanwhile. A lost connection (PostgreSQL restarting) is
 * opened again, waiting longer each time up to MAX_RETRY_MS.
 *
 *   const notices = ChangeNotices.listen(url, () => poll.soon());
 *   ... await notices.stop();
 */
export class ChangeNotices {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = 100;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly onNotice: () => void,
  ) {}

  static listen(url: string, onNotice: () => void): ChangeNotices {
    const notices = new ChangeNotices(url, onNotice);
    void notices.connect();
    return notices;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on('notification', () => this.onNotice());
    // Reported by 'end', which follows; without a listener the error would end the process.
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.stopped) console.error('glossary: lost the connection that listens for other replicas\' changes; listening again');
      this.retry();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 100;
    this.onNotice();
  }

  private retry(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
