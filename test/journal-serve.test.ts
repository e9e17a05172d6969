import { describe, expect, it } from 'vitest';
import { runJournalRace } from '../scripts/journal-race.ts';

describe('CLI edits racing HTTP writes on a running service', () => {
  it('every acknowledged edit, CLI or HTTP, is in the service’s answers a second later and after a later HTTP write', async () => {
    // Real processes: `glossary serve`, two HTTP writers PATCHing the same three entities
    // without pause, and `glossary entity alias` processes three at a time.
    const report = await runJournalRace({ cliEdits: 6, parallel: 3 });
    expect(report.cliFailures).toEqual([]);
    expect(report.cliAcknowledged).toBe(6);
    expect(report.httpAcknowledged).toBeGreaterThan(0);
    expect(report.cliSeenAfterOneSecond).toBe(report.cliAcknowledged);
    expect(report.cliSeenAfterLaterWrite).toBe(report.cliAcknowledged);
    expect(report.httpSeenAtEnd).toBe(report.httpAcknowledged);
  }, 300_000);
});
