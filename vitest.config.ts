import { defineConfig } from 'vitest/config';
import { CampaignsLast } from './test/support/sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    // Generous limits: tests assert behaviour, not speed, and CI shares two cores with child
    // processes (CLI runs, simulators, Chromium). A slow machine must not turn into a red run.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    expect: { poll: { timeout: 20_000, interval: 50 } },
    // Two cores: keep worker count modest so child processes and Chromium have room.
    maxWorkers: 2,
    sequence: { sequencer: CampaignsLast },
    reporters: ['default'],
  },
});
