import { describe, expect, it } from 'vitest';
import { formatFaultFigures, runFaultCampaign } from './faults/campaign';

/**
 * The fault campaign, bounded (`npm run test:faults` runs more seeds and more work): one fixed
 * seed, a small tenant, faults on 15% of requests so every run meets several kinds.
 */
describe('an import and write-back against simulators that inject faults', () => {
  it('end with the ATS and the cache of a fault-free run, within the retry bounds, every fault named in the log', async () => {
    const figures = await runFaultCampaign({ seed: 9, rate: 0.15, size: 150, people: 4 });
    for (const entry of figures) console.log(formatFaultFigures(entry));
    expect(figures.flatMap((entry) => entry.violations)).toEqual([]);
    for (const entry of figures) {
      const injected = Object.values(entry.faults).reduce((sum, n) => sum + (n ?? 0), 0);
      expect(injected).toBeGreaterThan(5);
      expect(entry.faultsNamedInLog).toBe(injected);
    }
    // Lever revoked the authorization mid-run: the admin reconnected once, nothing was lost.
    expect(figures.find((entry) => entry.provider === 'lever')?.reconnects).toBe(1);
  }, 600_000);
});
