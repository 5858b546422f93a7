import { afterEach, describe, expect, it } from 'vitest';
import { classifyAshbyResponse } from '../../../../../src/main/core/providers/ashby/api';
import { listLogLinesForRun } from '../../../../../src/main/core/db/repos/sync-log';
import { ashbyFixture, type AshbyFixture } from '../../../../support/ashby';

/**
 * Found by the fault campaign: Ashby answers some failures with HTTP 200 `success:false` and a code
 * no document lists. Such a code was read as a refusal for good: a read stopped the sync, a write
 * failed until the admin retried it by hand. Now only the documented codes are refusals.
 */

const envelope = (code: string) => ({
  status: 200,
  headers: {},
  json: true,
  text: '',
  body: { success: false, errors: [code], errorInfo: { code, message: 'Something went wrong' } },
});

describe('an Ashby error code no document lists', () => {
  it('is read as a passing fault, while documented codes stay refusals', () => {
    expect(classifyAshbyResponse(envelope('internal_error'), null)).toMatchObject({
      kind: 'unavailable',
      providerCode: 'internal_error',
    });
    expect(classifyAshbyResponse(envelope('invalid_input'), null)?.kind).toBe('rejected');
    expect(classifyAshbyResponse(envelope('sync_token_expired'), null)?.kind).toBe('rejected');
    expect(classifyAshbyResponse(envelope('application_not_found'), null)?.kind).toBe('not_found');
  });

  let fixture: AshbyFixture | undefined;
  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
  });

  it('on a read is retried, and the log names it', async () => {
    fixture = await ashbyFixture({ sim: { tenant: { candidates: 30, applications: 30 } } });
    const f = fixture;
    f.sim.queueError('/candidate.list', 'internal_error', 'Something went wrong', 2);
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    const retried = listLogLinesForRun(f.ctx.db, run.id).find(
      (line) => line.rule === 'retried' && line.apiCall === 'POST /candidate.list',
    );
    expect(retried?.message).toMatch(
      /needed 3 attempts; it succeeded\. Failed attempts: error internal_error; error internal_error\./,
    );
  });
});
