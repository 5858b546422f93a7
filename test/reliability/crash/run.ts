/**
 * `npm run test:crash`: the full crash campaign, printing its figures; exits 1 on any violation.
 *   npm run test:crash -- [--kills N] [--seed S] [--size N] [--people N]
 * (npm test runs a small version: test/reliability/crash-campaign.test.ts.)
 */
import { parseArgs } from 'node:util';
import { formatCrashReport, runCrashCampaign } from './campaign';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '50' },
    seed: { type: 'string', default: '9' },
    size: { type: 'string', default: '250' },
    people: { type: 'string', default: '6' },
  },
});

void runCrashCampaign({
  seed: Number(values.seed),
  randomKills: Number(values.kills),
  size: Number(values.size),
  people: Number(values.people),
  log: (line) => console.log(`  … ${line}`),
}).then(
  (report) => {
    console.log(formatCrashReport(report));
    process.exit(report.violations.length === 0 ? 0 : 1);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
