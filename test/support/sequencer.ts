import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The usual order (slowest files first, from the last run's timings), except that the crash and
 * fault campaigns go last. They kill and restart console processes on timers, and in a run with no
 * timings yet (a fresh clone, as CI runs) they went first, beside the set-up of the benchmark data
 * and the first browser tests; the crash campaign then failed twice there and never when it ran
 * later (see docs/architecture.md, "Tests").
 */
export class CampaignsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isCampaign = (file: TestSpecification) =>
      /test[\\/]reliability[\\/][^\\/]+-campaign\.test\.ts$/.test(file.moduleId);
    return [...sorted.filter((file) => !isCampaign(file)), ...sorted.filter(isCampaign)];
  }
}
