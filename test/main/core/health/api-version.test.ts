import { afterEach, describe, expect, it } from 'vitest';
import { connectionHealth } from '../../../../src/main/core/health/health';
import { ASHBY_API_VERSION } from '../../../simulators/ashby/quirks';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { leverFixture, type LeverFixture } from '../../../support/lever';

/** The health view names the API version the console pins and what the ATS answered with. */
let fixtures: Array<AshbyFixture | LeverFixture> = [];
afterEach(async () => {
  await Promise.all(fixtures.map((fixture) => fixture.cleanup()));
  fixtures = [];
});

describe('health: the ATS API version', () => {
  it("shows Ashby's pinned version before any call, then the version and status Ashby answered", async () => {
    const f = await ashbyFixture({ sim: { quirks: { versionStatus: 'deprecated' } } });
    fixtures.push(f);
    // The key was checked before the connection was saved: nothing is recorded yet.
    expect(connectionHealth(f.ctx, f.connectionId).apiVersion).toEqual({
      pinned: ASHBY_API_VERSION,
      answered: null,
      status: null,
    });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(connectionHealth(f.ctx, f.connectionId).apiVersion).toEqual({
      pinned: ASHBY_API_VERSION,
      answered: ASHBY_API_VERSION,
      status: 'deprecated',
    });
    f.sim.quirks.versionStatus = 'active';
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(connectionHealth(f.ctx, f.connectionId).apiVersion?.status).toBe('active');
  });

  it('shows none for an ATS whose API the console does not version (Lever)', async () => {
    const f = await leverFixture();
    fixtures.push(f);
    expect(connectionHealth(f.ctx, f.connectionId).apiVersion).toBeNull();
  });
});
