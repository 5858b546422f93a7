/**
 * The Lever simulator in a process of its own, with Lever's rate limits on (10 requests/s, bursts
 * of 20 per key), so a benchmark measures the console against the limit, not a simulator sharing
 * its CPU. Prints one JSON line `{apiUrl, key, counts}` when ready. Then, one command per stdin
 * line: `mark` starts a measuring window; `stats` prints `{requests, firstAt, lastAt, throttled,
 * throttledTotal, lateGaps, lateMs}` for the requests since the mark (times in ms, by this
 * process's clock; a late gap is one over 1.5× Lever's request spacing, `lateMs` the time beyond
 * that spacing summed over all gaps). Exits when stdin closes.
 * Usage: node --import tsx lever-sim-process.ts <opportunities>
 */
import readline from 'node:readline';
import { expectedLeverCache } from '../../test/simulators/lever/expected';
import { LEVER_FULL_ACCESS_KEY, startLeverSimulator } from '../../test/simulators/lever/server';

async function main(): Promise<void> {
  const [opportunities = '1000'] = process.argv.slice(2);
  const sim = await startLeverSimulator({
    tenant: { opportunities: Number(opportunities), postings: 200 },
    rateLimit: { enabled: true },
    // As Lever's own warm caches would: the next page is ready when the console asks for it.
    prepareNextPages: true,
  });
  const expected = expectedLeverCache(sim.tenant, { confidential: true });
  process.stdout.write(
    `${JSON.stringify({
      apiUrl: sim.apiUrl,
      key: LEVER_FULL_ACCESS_KEY,
      counts: { candidates: expected.candidates.size, applications: expected.applications.size },
    })}\n`,
  );
  let markIndex = 0;
  let markThrottled = 0;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'mark') {
      markIndex = sim.requests.entries.length;
      markThrottled = sim.throttled;
    } else if (line === 'stats') {
      const window = sim.requests.entries.slice(markIndex);
      // Where the import fell behind Lever's pace: gaps between requests longer than 1/rate.
      const spacing = 1000 / sim.rateLimit.perSecond;
      let lateGaps = 0;
      let lateMs = 0;
      for (let i = 1; i < window.length; i++) {
        const gap = window[i]!.at - window[i - 1]!.at;
        if (gap > spacing * 1.5) lateGaps += 1;
        lateMs += Math.max(0, gap - spacing);
      }
      process.stdout.write(
        `${JSON.stringify({
          requests: window.length,
          firstAt: window[0]?.at ?? null,
          lastAt: window.at(-1)?.at ?? null,
          lateGaps,
          lateMs,
          throttled: sim.throttled - markThrottled,
          throttledTotal: sim.throttled,
        })}\n`,
      );
    }
  });
  lines.on('close', () => void sim.close().then(() => process.exit(0)));
}

void main();
