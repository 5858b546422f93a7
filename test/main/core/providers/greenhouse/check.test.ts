import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../../src/main/core/errors';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  GREENHOUSE_IP_RESTRICTED_CREDENTIAL,
  GREENHOUSE_NO_CANDIDATES_CREDENTIAL,
  GREENHOUSE_READ_ONLY_CREDENTIAL,
} from '../../../../simulators/greenhouse/server';
import { ADMIN_USER_ID, BASIC_USER_ID } from '../../../../simulators/greenhouse/tenant';
import {
  credentialKey,
  greenhouseFixture,
  type GreenhouseFixture,
} from '../../../../support/greenhouse';

let fixture: GreenhouseFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function check(
  apiKey: string,
  options: Parameters<typeof greenhouseFixture>[0] = {},
  performAs: number | null = ADMIN_USER_ID,
) {
  fixture = await greenhouseFixture({
    connect: false,
    ...options,
    sim: {
      tenant: { candidates: 20, jobs: 3, ...(options.sim?.tenant as object) },
      ...options.sim,
    },
  });
  return fixture.ctx.connections.check({
    provider: 'greenhouse',
    baseUrl: fixture.sim.url,
    secret: { kind: 'api_key', apiKey },
    config: performAs === null ? {} : { performAs: String(performAs) },
  });
}

const granted = (result: Awaited<ReturnType<typeof check>>) =>
  Object.fromEntries(result.permissions.map((p) => [p.name, p.granted]));

describe('Greenhouse connection check', () => {
  it('proves every read scope, names the acting Site Admin, finds the Kula source; write scopes stay unknown', async () => {
    const result = await check(credentialKey(GREENHOUSE_DEMO_CREDENTIAL));
    expect(result.accountLabel).toBe('Acting as Ada Admin');
    const scopes = granted(result);
    expect(scopes['harvest:candidates:list']).toBe(true);
    expect(scopes['harvest:applications:move']).toBe('unknown');
    expect(result.setup.map((item) => [item.id, item.ok])).toEqual([
      ['acting-user', true],
      ['kula-source', true],
    ]);
  });

  it('says which features a missing scope turns off', async () => {
    const result = await check(credentialKey(GREENHOUSE_NO_CANDIDATES_CREDENTIAL));
    const candidates = result.permissions.find((p) => p.name === 'harvest:candidates:list');
    expect(candidates).toMatchObject({ granted: false });
    expect(candidates?.features).toContain('Import candidates');
    expect(granted(result)['harvest:jobs:list']).toBe(true);
    await fixture?.cleanup();
    const readOnly = await check(credentialKey(GREENHOUSE_READ_ONLY_CREDENTIAL));
    expect(granted(readOnly)['harvest:jobs:list']).toBe(true);
  });

  it('guides the admin to create the Kula source, which Greenhouse has no API for', async () => {
    const result = await check(credentialKey(GREENHOUSE_DEMO_CREDENTIAL), {
      sim: { tenant: { kulaSource: false } },
    });
    const source = result.setup.find((item) => item.id === 'kula-source');
    expect(source).toMatchObject({ ok: false });
    expect(source?.action).toMatch(/Company Metadata → Sources/);
  });

  it('warns when the chosen user is not a Site Admin, or when no user is chosen', async () => {
    const basic = await check(credentialKey(GREENHOUSE_DEMO_CREDENTIAL), {}, BASIC_USER_ID);
    expect(basic.permissions.every((p) => p.granted !== true)).toBe(true);
    expect(basic.notes?.join(' ')).toMatch(/Site Admin/);
    await fixture?.cleanup();
    const none = await check(credentialKey(GREENHOUSE_DEMO_CREDENTIAL), {}, null);
    expect(none.setup.find((item) => item.id === 'acting-user')).toMatchObject({ ok: false });
  });

  it('reports every read refused from a network the credential is not allowed from', async () => {
    const result = await check(credentialKey(GREENHOUSE_IP_RESTRICTED_CREDENTIAL));
    expect(result.permissions.filter((p) => p.granted === true)).toEqual([]);
    expect(result.notes?.join(' ')).toMatch(/IP addresses/);
  });

  it('refuses a wrong secret, a malformed client id (without repeating it) and a credential without a colon', async () => {
    const wrong = check(`${GREENHOUSE_DEMO_CREDENTIAL.clientId}:not-the-secret`);
    await expect(wrong).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await fixture?.cleanup();
    const malformed = await check('notaclient:secret').catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(ConsoleError);
    expect((malformed as Error).message).not.toContain('notaclient');
    await fixture?.cleanup();
    await expect(check('just-a-legacy-key')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});

describe('Greenhouse acting user', () => {
  it('checks again as the newly chosen user', async () => {
    fixture = await greenhouseFixture({ sim: { tenant: { candidates: 20, jobs: 3 } } });
    const f = fixture;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const summary = await f.ctx.connections.setWriteUser(f.connectionId, '1000003');
    expect(summary.writeUserId).toBe('1000003');
    expect(summary.check?.accountLabel).toBe('Acting as Rui Recruiter');
  });
});
