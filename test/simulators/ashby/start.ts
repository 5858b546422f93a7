/**
 * Starts the Ashby simulator on its own, for trying the console by hand:
 *   npx tsx test/simulators/ashby/start.ts [--candidates N] [--applications N] [--port P]
 *     [--latency MS] [--jitter FRACTION] [--no-throttle] [--seed S]
 * Prints the URL (the wizard's "API host") and the demo keys, then runs until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { demoKeys, startAshbySimulator } from './server';

export async function startAshbySandbox(argv: string[]): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      candidates: { type: 'string', default: '2000' },
      applications: { type: 'string', default: '2600' },
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '40' },
      jitter: { type: 'string', default: '0' },
      'no-throttle': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
    },
  });
  const seed = Number(values.seed);
  const sim = await startAshbySimulator({
    tenant: {
      seed,
      candidates: Number(values.candidates),
      applications: Number(values.applications),
    },
    port: Number(values.port),
    latencyMs: Number(values.latency),
    latencyJitter: Number(values.jitter),
    rateLimit: values['no-throttle'] ? null : { perSecond: 10, burst: 20, retryAfter: 'seconds' },
  });
  const keys = demoKeys(seed);
  const counts = sim.tenant.counts();
  const lines = [
    `Ashby simulator (${counts.candidates.toLocaleString('en-US')} candidates, ${counts.applications.toLocaleString('en-US')} applications, ${counts.jobs} jobs visible to the standard key)`,
    `  API host      ${sim.url}   (the wizard's Advanced → API host; CLI --base-url)`,
    `  Full key      ${keys.full.key}`,
    `  Confidential  ${keys.confidential.key}   (also sees confidential jobs)`,
    `  No key info   ${keys.noApiKeyInfo.key}   (lacks API Keys: Read; permissions are probed)`,
    `  Read-only     ${keys.readOnly.key}   (lacks Candidates: Write)`,
    `  Jobs only     ${keys.noCandidates.key}   (lacks Candidates: Read/Write)`,
    `  Deactivated   ${keys.deactivated.key}   (refused with 403)`,
    `  Rate limit    ${values['no-throttle'] ? 'off' : '10/s per key, bursts of 20 (429 with Retry-After)'}`,
    `  Try           ASHBY_API_KEY=${keys.full.key} npx kula-console --data-dir /tmp/kula-demo connect ashby --base-url ${sim.url}`,
  ];
  console.log(lines.join('\n'));
  return () => sim.close();
}

if (require.main === module) {
  void startAshbySandbox(process.argv.slice(2)).then((stop) => {
    process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  });
}
