/**
 * Starts the Lever simulator on its own, for trying the console by hand:
 *   npx tsx test/simulators/lever/start.ts [--opportunities N] [--port P] [--latency MS]
 *     [--jitter FRACTION] [--no-throttle]
 * Prints the API base, the OAuth host and the demo credentials, then runs until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { LEVER_DEMO_CLIENT, LEVER_FULL_ACCESS_KEY, startLeverSimulator } from './server';

export async function startLeverSandbox(argv: string[]): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      opportunities: { type: 'string', default: '500' },
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '0' },
      jitter: { type: 'string', default: '0' },
      'no-throttle': { type: 'boolean', default: false },
      seed: { type: 'string', default: '4' },
    },
  });
  const sim = await startLeverSimulator({
    tenant: { seed: Number(values.seed), opportunities: Number(values.opportunities) },
    port: Number(values.port),
    rateLimit: { enabled: !values['no-throttle'] },
    latencyMs: Number(values.latency),
    latencyJitter: Number(values.jitter),
  });
  const lines = [
    `Lever simulator (${sim.tenant.opportunities.length} opportunities, ${sim.tenant.postings.length} postings)`,
    `  API base      ${sim.apiUrl}`,
    `  OAuth host    ${sim.authUrl}`,
    `  API key       ${LEVER_FULL_ACCESS_KEY}`,
    `  OAuth client  ${LEVER_DEMO_CLIENT.clientId}`,
    `  Client secret ${LEVER_DEMO_CLIENT.clientSecret}`,
    `  Callback URL  ${LEVER_DEMO_CLIENT.redirectUris.join(', ')}`,
    `  Latency       ${Number(values.latency) > 0 ? `${values.latency} ms ±${Math.round(100 * Number(values.jitter))}% per answer` : 'none'}`,
    `  Rate limit    ${sim.rateLimit.enabled ? `${sim.rateLimit.perSecond}/s, bursts of ${sim.rateLimit.burst}` : 'off'}`,
  ];
  console.log(lines.join('\n'));
  return () => sim.close();
}

if (require.main === module) {
  void startLeverSandbox(process.argv.slice(2)).then((stop) => {
    process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  });
}
