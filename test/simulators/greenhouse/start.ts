/**
 * Starts the Greenhouse simulator on its own, for trying the console by hand:
 *   npx tsx test/simulators/greenhouse/start.ts [--candidates N] [--jobs N] [--port P]
 *     [--latency MS] [--jitter FRACTION] [--no-throttle] [--strict] [--default-stages]
 * Prints the URL and the demo credentials, then runs until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  GREENHOUSE_IP_RESTRICTED_CREDENTIAL,
  GREENHOUSE_NO_CANDIDATES_CREDENTIAL,
  GREENHOUSE_READ_ONLY_CREDENTIAL,
  GREENHOUSE_STRICT,
  startGreenhouseSimulator,
} from './server';
import { ADMIN_USER_ID, RECRUITER_USER_ID } from './tenant';

export async function startGreenhouseSandbox(argv: string[]): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      candidates: { type: 'string', default: '500' },
      jobs: { type: 'string', default: '8' },
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '0' },
      jitter: { type: 'string', default: '0' },
      'no-throttle': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'default-stages': { type: 'boolean', default: false },
      seed: { type: 'string', default: '22' },
    },
  });
  const sim = await startGreenhouseSimulator({
    ...(values.strict ? GREENHOUSE_STRICT : {}),
    tenant: {
      seed: Number(values.seed),
      candidates: Number(values.candidates),
      jobs: Number(values.jobs),
      stages: values['default-stages'] ? 'default' : 'custom',
    },
    port: Number(values.port),
    rateLimit: {
      ...(values.strict ? GREENHOUSE_STRICT.rateLimit : {}),
      enabled: !values['no-throttle'],
    },
    latencyMs: Number(values.latency),
    latencyJitter: Number(values.jitter),
  });
  const credential = (label: string, config: { clientId: string; clientSecret: string }) =>
    `  ${label.padEnd(16)}${config.clientId}:${config.clientSecret}`;
  const lines = [
    `Greenhouse simulator (${sim.tenant.candidates.size} candidates, ${sim.tenant.applications.size} applications, ${sim.tenant.jobs.size} jobs)${values.strict ? ', strict readings' : ''}`,
    `  API host        ${sim.url}   (token host: the same; Harvest v3 under /v3)`,
    '  Credentials (client id:client secret, for --api-key-file or $GREENHOUSE_API_KEY):',
    credential('every scope', GREENHOUSE_DEMO_CREDENTIAL),
    credential('read only', GREENHOUSE_READ_ONLY_CREDENTIAL),
    credential('no candidates', GREENHOUSE_NO_CANDIDATES_CREDENTIAL),
    credential('IP restricted', GREENHOUSE_IP_RESTRICTED_CREDENTIAL),
    `  Site Admins     ${ADMIN_USER_ID} (Ada Admin), ${RECRUITER_USER_ID} (Rui Recruiter)`,
    `  Latency         ${Number(values.latency) > 0 ? `${values.latency} ms ±${Math.round(100 * Number(values.jitter))}% per answer` : 'none'}`,
    `  Rate limit      ${sim.rateLimit.enabled ? `${sim.rateLimit.limit} per ${sim.rateLimit.windowMs / 1000} s window` : 'off'}`,
  ];
  console.log(lines.join('\n'));
  return () => sim.close();
}

if (require.main === module) {
  void startGreenhouseSandbox(process.argv.slice(2)).then((stop) => {
    process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  });
}
