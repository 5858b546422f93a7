import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDiagnostics } from '../../../../src/main/core/diagnostics/report';
import { addNote } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { CHANNELS, type Channel } from '../../../../src/shared/ipc/channels';
import { schemas } from '../../../../src/shared/ipc/contract';
import { GREENHOUSE_DEMO_CREDENTIAL } from '../../../simulators/greenhouse/server';
import { greenhouseFixture, type GreenhouseFixture } from '../../../support/greenhouse';
import { filesContaining } from '../../../support/temp-dir';
import { FAST_OUTBOX, syncUntilSent } from '../../../support/writeback';

/**
 * The privacy scan over a Greenhouse scenario (import, write-back with notes, tokens minted again
 * after Greenhouse refused them): the client secret and every access token the console held never
 * appear in the data folder (database, WAL, logs, diagnostics) nor in any IPC answer, and never in
 * a request to Harvest other than as the credential; private notes never reach Greenhouse.
 */
let fixture: GreenhouseFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const PRIVATE = 'PRIVATE-gh-note zq71vk';
const trusted = { url: 'app://console/index.html', isMainFrame: true };
const LAST: Channel[] = ['connections:disconnect', 'connections:remove'];

describe('secret and privacy scan, Greenhouse', () => {
  it('finds no client secret, access token or private note anywhere after a full scenario', async () => {
    fixture = await greenhouseFixture({
      sim: { tenant: { candidates: 60, jobs: 4 } },
      core: { outbox: FAST_OUTBOX, logger: undefined },
    });
    const f = fixture;
    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' })).status).toBe(
      'succeeded',
    );
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    const flow = createFlow(f.ctx, {
      name: 'Privacy scan',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    const candidate = addCandidate(f.ctx, {
      name: 'Katherine Johnson',
      emails: ['katherine.johnson@example.org'],
      flowIds: [flow.id],
      origin: 'form',
    });
    addNote(f.ctx, {
      candidate: candidate.id,
      body: 'Strong on orbital mechanics.',
      private: false,
    });
    addNote(f.ctx, { candidate: candidate.id, body: PRIVATE, private: true });
    await syncUntilSent(f.ctx, f.connectionId);
    f.sim.tokens.expireAll();
    addNote(f.ctx, { candidate: candidate.id, body: 'Second call went well.', private: false });
    await syncUntilSent(f.ctx, f.connectionId);

    const canaries = [
      GREENHOUSE_DEMO_CREDENTIAL.clientSecret,
      ...f.sim.tokens.minted.map((token) => token.raw),
    ];
    expect(canaries.length).toBeGreaterThan(2);
    expect(f.sim.requests.allText()).not.toContain('zq71vk');
    for (const canary of canaries) expect(f.sim.requests.allText()).not.toContain(canary);

    const dispatch = f.core.createDispatch(() => true);
    const answers: string[] = [];
    for (const channel of CHANNELS.filter((c) => !LAST.includes(c))) {
      const input = [
        undefined,
        {},
        { connectionId: f.connectionId },
        { provider: 'greenhouse' },
        { connectionId: f.connectionId, limit: 1000 },
      ].find((candidate) => schemas[channel].safeParse(candidate).success);
      if (input === undefined && !schemas[channel].safeParse(undefined).success) continue;
      answers.push(JSON.stringify(await dispatch(channel, input, trusted)));
    }
    const ipc = answers.join('\n');
    expect(ipc.length).toBeGreaterThan(5000);
    for (const canary of canaries) expect(ipc.includes(canary)).toBe(false);
    expect(ipc).not.toContain('zq71vk');

    const diagnostics = buildDiagnostics(f.ctx, {
      versions: { Node: process.versions.node },
      madeBy: 'app',
    });
    expect(diagnostics).toContain(`[${f.connectionId}] greenhouse, api_key, connected`);
    fs.writeFileSync(path.join(f.dataDir, 'diagnostics.txt'), diagnostics);
    for (const canary of canaries) expect(filesContaining(f.dataDir, canary)).toEqual([]);
    await f.core.shutdown();
    for (const canary of canaries) expect(filesContaining(f.dataDir, canary)).toEqual([]);
  });
});
