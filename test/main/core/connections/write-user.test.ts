import { afterEach, describe, expect, it } from 'vitest';
import { leverFixture, type LeverFixture } from '../../../support/lever';

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('the ATS user writes are attributed to (Lever perform_as)', () => {
  it('is chosen from the cached users, saved with the connection, and shown by the re-check', async () => {
    const f = (fixture = await leverFixture({ sim: { tenant: { opportunities: 20 } } }));
    await expect(
      f.ctx.connections.setWriteUser(f.connectionId, f.sim.tenant.users[0]!.id),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('not been imported yet'),
    });
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const dispatch = f.core.createDispatch(() => true);
    const caller = { url: 'app://console/', isMainFrame: true };
    const users = await dispatch('connections:users', { connectionId: f.connectionId }, caller);
    expect(users).toMatchObject({ ok: true });
    const options = (users as { value: Array<{ id: string; active: boolean }> }).value;
    expect(options).toHaveLength(f.sim.tenant.users.length);
    expect(options.findIndex((user) => !user.active)).toBeGreaterThan(
      options.findLastIndex((user) => user.active),
    );

    const writer = f.sim.tenant.users.find(
      (user) => user.deactivatedAt === null && user.accessRole !== 'super admin',
    )!;
    const set = await dispatch(
      'connections:set-write-user',
      { connectionId: f.connectionId, userId: writer.id },
      caller,
    );
    expect(set).toMatchObject({ ok: true, value: { writeUserId: writer.id } });
    const summary = f.ctx.connections.summary(f.connectionId);
    expect(summary.check?.setup.find((item) => item.id === 'perform-as')).toMatchObject({
      ok: true,
      detail: expect.stringContaining(writer.name),
    });

    const gone = f.sim.tenant.users.find((user) => user.deactivatedAt !== null)!;
    const refused = await dispatch(
      'connections:set-write-user',
      { connectionId: f.connectionId, userId: gone.id },
      caller,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('deactivated') },
    });
    expect(f.ctx.connections.summary(f.connectionId).writeUserId).toBe(writer.id);

    const cleared = await f.ctx.connections.setWriteUser(f.connectionId, null);
    expect(cleared.writeUserId).toBeNull();
  });
});
