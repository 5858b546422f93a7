import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { expectedLeverCache } from '../../simulators/lever/expected';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../simulators/lever/server';
import { cacheCounts, expectedCounts } from '../../support/ashby';
import { runCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE, openTestCore } from '../../support/core';
import { leverCache } from '../../support/lever';
import { startForwardProxy, type ForwardProxy } from '../../support/proxy';
import { makeTempDir } from '../../support/temp-dir';
import { makeTestCertificates, opensslAvailable, type TestCertificates } from '../../support/tls';

/**
 * The command line on a company network, with real parts: the ATSs answer HTTPS with a
 * certificate from a private CA (the company's), under host names only the company's CONNECT
 * proxy can resolve. The CLI reaches them through `HTTPS_PROXY`, trusts the CA through
 * `NODE_EXTRA_CA_CERTS`, honours `NO_PROXY`, and without the CA says it is the certificate.
 */
const ASHBY_HOST = 'ashby.kula-test.invalid';
const LEVER_HOST = 'lever.kula-test.invalid';
const withOpenssl = opensslAvailable();
if (!withOpenssl) console.warn('openssl is not installed: the proxy and CA tests are skipped.');

let certificates: TestCertificates;
let ashby: AshbySimulator;
let lever: LeverSimulator;
let proxy: ForwardProxy;
const temps: Array<() => void> = [];

beforeAll(async () => {
  if (!withOpenssl) return;
  certificates = makeTestCertificates([ASHBY_HOST, LEVER_HOST]);
  ashby = await startAshbySimulator({
    tenant: { candidates: 120, applications: 150 },
    tls: certificates.server,
  });
  lever = await startLeverSimulator({
    tenant: { seed: 5, opportunities: 120 },
    rateLimit: { enabled: false },
    tls: certificates.server,
  });
  proxy = await startForwardProxy({
    hosts: {
      [`${ASHBY_HOST}:443`]: Number(new URL(ashby.url).port),
      [`${LEVER_HOST}:443`]: Number(new URL(lever.url).port),
    },
  });
});

afterAll(async () => {
  temps.forEach((cleanup) => cleanup());
  await proxy?.close();
  await ashby?.close();
  await lever?.close();
  certificates?.cleanup();
});

function dataDir(): string {
  const temp = makeTempDir('kula-cli-proxy-');
  temps.push(temp.cleanup);
  return temp.dir;
}

/** What a company laptop's shell has: the proxy, the company CA, no bypass. */
function companyNetwork(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HTTPS_PROXY: proxy.url,
    https_proxy: '',
    HTTP_PROXY: '',
    http_proxy: '',
    NO_PROXY: '',
    no_proxy: '',
    NODE_EXTRA_CA_CERTS: certificates.caFile,
    KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
    ...extra,
  };
}

const tunnelsTo = (host: string) => proxy.tunnels.filter((t) => t.target === `${host}:443`);

describe.skipIf(!withOpenssl)('kula-console behind a company proxy', { timeout: 180_000 }, () => {
  it('connects to Ashby and imports through the CONNECT proxy, trusting the company CA', async () => {
    const dir = dataDir();
    const before = tunnelsTo(ASHBY_HOST).length;
    const run = await runCliProcess(
      [
        '--data-dir',
        dir,
        '--json',
        'connect',
        'ashby',
        '--base-url',
        `https://${ASHBY_HOST}`,
        '--import',
      ],
      companyNetwork({ ASHBY_API_KEY: ashby.keys.full }),
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ run: { status: 'succeeded' } });
    const tunnels = tunnelsTo(ASHBY_HOST).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((tunnel) => tunnel.status === 200)).toBe(true);
    const opened = openTestCore({ dataDir: dir });
    try {
      expect(cacheCounts(opened.core.context, result.connection.id)).toEqual(expectedCounts(ashby));
    } finally {
      opened.core.close();
    }
  });

  it('connects to Lever and imports through the same proxy', async () => {
    const dir = dataDir();
    const before = tunnelsTo(LEVER_HOST).length;
    const run = await runCliProcess(
      [
        '--data-dir',
        dir,
        '--json',
        'connect',
        'lever',
        '--base-url',
        `https://${LEVER_HOST}/v1`,
        '--import',
      ],
      companyNetwork({ LEVER_API_KEY: LEVER_FULL_ACCESS_KEY }),
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(tunnelsTo(LEVER_HOST).length).toBeGreaterThan(before);
    const opened = openTestCore({ dataDir: dir });
    try {
      expect(leverCache(opened.core.context, result.connection.id)).toEqual(
        expectedLeverCache(lever.tenant, { confidential: true }),
      );
    } finally {
      opened.core.close();
    }
  });

  it('goes direct for a host in NO_PROXY, where the name only the proxy knows cannot be found', async () => {
    const before = proxy.tunnels.length;
    const run = await runCliProcess(
      ['--data-dir', dataDir(), 'connect', 'ashby', '--base-url', `https://${ASHBY_HOST}`],
      companyNetwork({ ASHBY_API_KEY: ashby.keys.full, NO_PROXY: `.kula-test.invalid` }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Could not reach Ashby: this computer could not look up ${ASHBY_HOST} (DNS).`,
    );
    expect(proxy.tunnels.length).toBe(before);
  });

  it('without the company CA, names the certificate and NODE_EXTRA_CA_CERTS', async () => {
    const run = await runCliProcess(
      ['--data-dir', dataDir(), 'connect', 'ashby', '--base-url', `https://${ASHBY_HOST}`],
      companyNetwork({ ASHBY_API_KEY: ashby.keys.full, NODE_EXTRA_CA_CERTS: '' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `This computer does not trust the certificate that answered for Ashby at ${ASHBY_HOST}`,
    );
    expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(run.stderr).not.toMatch(/Check your internet connection/);
    expect(run.stderr).not.toContain(ashby.keys.full);
  });
});
