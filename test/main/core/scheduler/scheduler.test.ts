import { afterEach, describe, expect, it } from 'vitest';
import type { AppNotice } from '../../../../src/shared/domain/app';
import type { SyncRunSummary } from '../../../../src/shared/domain/runs';
import { getConnectionRow } from '../../../../src/main/core/db/repos/connections';
import { finishRun, listRuns, startRun } from '../../../../src/main/core/db/repos/sync-runs';
import { ConsoleError } from '../../../../src/main/core/errors';
import { updateConnectionSchedule } from '../../../../src/main/core/scheduler/connection-schedule';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { FakeTimers } from '../../../support/fake-timers';

const MINUTE = 60_000;
let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function setup() {
  const timers = new FakeTimers();
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 60, applications: 70 } },
    core: { timers },
  });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby' });
  const notices: AppNotice[] = [];
  f.ctx.events.on('app:notice', (notice) => notices.push(notice));
  const scheduler = f.ctx.scheduler;
  /** Resolves with the next run that ends. */
  const nextRun = () =>
    new Promise<SyncRunSummary>((resolve) => {
      const off = f.ctx.events.on('sync:progress', (progress) => {
        if (!progress.runFinished) return;
        off();
        // The summary is read once the engine wrote it.
        setImmediate(() => resolve(listRuns(f.ctx.db, { limit: 1 })[0]!));
      });
    });
  const runs = () => listRuns(f.ctx.db, { limit: 100 }).reverse();
  const state = () => scheduler.status().find((s) => s.connectionId === f.connectionId)!;
  return { f, timers, scheduler, notices, nextRun, runs, state };
}

describe('the scheduler, on a fake clock', () => {
  it('syncs a new connection at once and then every 30 minutes, on time', async () => {
    const { timers, scheduler, nextRun, runs, state } = await setup();
    const t0 = timers.now();
    let ended = nextRun();
    scheduler.start({ startupDelayMs: 0 });
    await timers.advance(0);
    expect((await ended).trigger).toBe('scheduled');
    expect(state()).toMatchObject({
      state: 'scheduled',
      nextRunAt: new Date(t0 + 30 * MINUTE).toISOString(),
      intervalMinutes: 30,
    });

    await timers.advance(30 * MINUTE - 1);
    expect(runs()).toHaveLength(1);
    ended = nextRun();
    await timers.advance(1);
    const second = await ended;
    expect(second).toMatchObject({
      trigger: 'scheduled',
      status: 'succeeded',
      mode: 'incremental',
    });
    expect(second.startedAt).toBe(new Date(t0 + 30 * MINUTE).toISOString());
  });

  it('counts a manual sync as the last sync, and follows a connection’s own interval', async () => {
    const { f, timers, scheduler, nextRun, runs, state } = await setup();
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    scheduler.start({ startupDelayMs: 0 });
    const t0 = timers.now();
    await timers.advance(10 * MINUTE);
    updateConnectionSchedule(f.ctx, f.connectionId, { intervalMinutes: 15 });
    expect(state()).toMatchObject({
      intervalMinutes: 15,
      intervalIsDefault: false,
      nextRunAt: new Date(t0 + 15 * MINUTE).toISOString(),
    });
    const ended = nextRun();
    await timers.advance(5 * MINUTE);
    expect((await ended).startedAt).toBe(new Date(t0 + 15 * MINUTE).toISOString());
    // Turned off: no more automatic syncs until turned on again.
    updateConnectionSchedule(f.ctx, f.connectionId, { enabled: false });
    expect(state().state).toBe('off');
    await timers.advance(120 * MINUTE);
    expect(runs()).toHaveLength(2);
    const audit = f.ctx.db
      .prepare("SELECT summary FROM audit_log WHERE action = 'schedule.update' ORDER BY id")
      .pluck()
      .all();
    expect(audit).toEqual(['“Ashby”: interval default → 15 min.', '“Ashby”: automatic syncs off.']);
  });

  it('pauses while the computer is offline and syncs soon after the network returns', async () => {
    const { timers, scheduler, nextRun, runs, state } = await setup();
    scheduler.start({ startupDelayMs: 0, settleDelayMs: 3000 });
    const first = nextRun();
    await timers.advance(0);
    await first;
    scheduler.setOnline(false);
    expect(state()).toMatchObject({ state: 'offline', nextRunAt: null });
    await timers.advance(3 * 60 * MINUTE);
    expect(runs()).toHaveLength(1);
    const back = nextRun();
    scheduler.setOnline(true);
    // Overdue: it runs after the settle delay, not 30 minutes later.
    expect(state().nextRunAt).toBe(new Date(timers.now() + 3000).toISOString());
    await timers.advance(3000);
    expect((await back).status).toBe('succeeded');
    expect(runs()).toHaveLength(2);
  });

  it('learns it is offline from unreachable ATS calls, retries with backoff, notifies after three, and resumes', async () => {
    const { f, timers, scheduler, notices, nextRun, runs, state } = await setup();
    f.sim.faults.configure({ rate: 1, kinds: ['reset'] });
    // No jitter: exact backoff steps.
    scheduler.start({ startupDelayMs: 0, random: () => 0.5 });
    let ended = nextRun();
    await timers.advance(0);
    expect((await ended).status).toBe('failed');
    // Offline, learned: the next try in 30 s, then 60 s, doubling.
    expect(state()).toMatchObject({ state: 'offline', consecutiveFailures: 1 });
    expect(Date.parse(state().nextRunAt!) - timers.now()).toBe(30_000);
    expect(notices).toEqual([]);
    ended = nextRun();
    await timers.advance(30_000);
    await ended;
    expect(Date.parse(state().nextRunAt!) - timers.now()).toBe(60_000);
    ended = nextRun();
    await timers.advance(60_000);
    await ended;
    expect(state().consecutiveFailures).toBe(3);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      level: 'error',
      title: 'Scheduled sync of “Ashby” failed',
      route: expect.stringMatching(/^\/log\?connection=ashby-[0-9a-f]+&run=3&levels=warn%2Cerror$/),
    });
    expect(notices[0]!.body).toMatch(/Could not reach Ashby/);
    // The network is back: the next try succeeds and the streak ends.
    f.sim.faults.configure({ rate: 0 });
    ended = nextRun();
    await timers.advance(2 * 60_000);
    expect((await ended).status).toBe('succeeded');
    expect(state()).toMatchObject({
      state: 'scheduled',
      consecutiveFailures: 0,
      lastFailure: null,
    });
    expect(runs().map((run) => run.status)).toEqual(['failed', 'failed', 'failed', 'succeeded']);
    expect(notices).toHaveLength(1);
  });

  it('pauses while the connection needs re-authorization and resumes after a reconnect', async () => {
    const { f, timers, scheduler, notices, nextRun, runs, state } = await setup();
    const key = f.sim.keyList.find((entry) => entry.key === f.sim.keys.full)!;
    key.active = false;
    scheduler.start({ startupDelayMs: 0 });
    const ended = nextRun();
    await timers.advance(0);
    expect((await ended).status).toBe('failed');
    expect(getConnectionRow(f.ctx.db, f.connectionId)?.status).toBe('needs_reauth');
    expect(state()).toMatchObject({ state: 'needs-reauth', nextRunAt: null });
    // One notice, from the connection service, pointing at the reconnect; none from the schedule.
    expect(notices.map((notice) => notice.title)).toEqual(['“Ashby” needs to be reconnected']);
    await timers.advance(5 * 60 * MINUTE);
    expect(runs()).toHaveLength(1);

    key.active = true;
    await f.ctx.connections.replaceCredential(f.connectionId, {
      kind: 'api_key',
      apiKey: f.sim.keys.full,
    });
    // Overdue since the failed run: it syncs now.
    expect(state().state).toBe('scheduled');
    const resumed = nextRun();
    await timers.advance(0);
    expect((await resumed).status).toBe('succeeded');
  });

  it('holds every timer while the computer sleeps and syncs what is overdue after waking', async () => {
    const { timers, scheduler, nextRun, runs, state } = await setup();
    scheduler.start({ startupDelayMs: 0, settleDelayMs: 10_000 });
    const first = nextRun();
    await timers.advance(0);
    await first;
    scheduler.suspend();
    expect(state()).toMatchObject({ state: 'asleep', nextRunAt: null });
    await timers.advance(8 * 60 * MINUTE);
    expect(runs()).toHaveLength(1);
    scheduler.resume();
    expect(state()).toMatchObject({ state: 'scheduled' });
    // Woken 8 hours later: due, after the start-up settle delay.
    const woke = nextRun();
    await timers.advance(15_000);
    expect((await woke).trigger).toBe('scheduled');
  });

  it('retries a failure that may pass (the ATS unavailable) with backoff and notifies once', async () => {
    const { f, timers, scheduler, notices, nextRun, state } = await setup();
    f.sim.faults.configure({ rate: 1, kinds: ['500'] });
    scheduler.start({ startupDelayMs: 0, random: () => 0.5 });
    let ended = nextRun();
    await timers.advance(0);
    await ended;
    expect(state()).toMatchObject({ state: 'retrying', consecutiveFailures: 1 });
    expect(Date.parse(state().nextRunAt!) - timers.now()).toBe(60_000);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toMatch(/tries again at/);
    ended = nextRun();
    await timers.advance(60_000);
    await ended;
    expect(state().consecutiveFailures).toBe(2);
    expect(notices).toHaveLength(1);
  });

  it('waits an interval, not a loop, when a sync cannot start (no key this process can read), says why once, and tries at once after a reconnect', async () => {
    const { f, timers, scheduler, notices, nextRun, runs, state } = await setup();
    // As `kula-console watch` without the vault passphrase: the key cannot be had here.
    let keyReadable = false;
    const credentialFor = () => {
      if (keyReadable) return undefined;
      throw new ConsoleError(
        'NEEDS_REAUTH',
        'The stored key of “Ashby” can only be read with $KULA_VAULT_PASSPHRASE.',
        'Set $KULA_VAULT_PASSPHRASE to the passphrase it was stored with.',
      );
    };
    scheduler.start({ startupDelayMs: 0, credentialFor });
    await timers.advance(0);
    expect(runs()).toEqual([]);
    expect(state()).toMatchObject({
      state: 'retrying',
      consecutiveFailures: 1,
      lastFailure: expect.stringMatching(/can only be read with .*Set \$KULA_VAULT_PASSPHRASE/),
      nextRunAt: new Date(timers.now() + 30 * MINUTE).toISOString(),
    });
    await timers.advance(65 * MINUTE);
    // Two more tries, one per interval; one notice for the streak.
    expect(state().consecutiveFailures).toBe(3);
    expect(notices).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'Scheduled sync of “Ashby” could not start',
        body: expect.stringMatching(/can only be read with .*tries again at/),
        route: '/connections',
      }),
    ]);
    expect(getConnectionRow(f.ctx.db, f.connectionId)?.status).toBe('connected');
    keyReadable = true;
    await f.ctx.connections.replaceCredential(f.connectionId, {
      kind: 'api_key',
      apiKey: f.sim.keys.full,
    });
    const resumed = nextRun();
    await timers.advance(0);
    expect((await resumed).status).toBe('succeeded');
    expect(state()).toMatchObject({
      state: 'scheduled',
      consecutiveFailures: 0,
      lastFailure: null,
    });
  });

  it('notices within a minute a sync another process ran on the same data folder, and postpones the next one', async () => {
    const { f, timers, scheduler, nextRun, runs, state } = await setup();
    scheduler.start({ startupDelayMs: 0 });
    const first = nextRun();
    await timers.advance(0);
    await first;
    const t0 = timers.now();
    await timers.advance(20 * MINUTE);
    // The command line syncs 20 minutes later: rows in the database, no event in this process.
    const at = new Date(timers.now()).toISOString();
    const other = startRun(f.ctx.db, {
      connectionId: f.connectionId,
      trigger: 'cli',
      mode: 'incremental',
      now: at,
    });
    finishRun(f.ctx.db, other, { status: 'succeeded', now: at });
    await timers.advance(MINUTE);
    expect(state().nextRunAt).toBe(new Date(t0 + 50 * MINUTE).toISOString());
    await timers.advance(15 * MINUTE);
    expect(runs()).toHaveLength(2);
    const next = nextRun();
    await timers.advance(14 * MINUTE);
    expect((await next).startedAt).toBe(new Date(t0 + 50 * MINUTE).toISOString());
  });

  it('stops cleanly: no timer left, and status says it is not running', async () => {
    const { timers, scheduler, state, runs } = await setup();
    scheduler.start({ startupDelayMs: 60_000 });
    expect(timers.nextAt()).not.toBeNull();
    scheduler.stop();
    expect(state().state).toBe('not-running');
    expect(timers.nextAt()).toBeNull();
    await timers.advance(24 * 60 * MINUTE);
    expect(runs()).toEqual([]);
  });
});
