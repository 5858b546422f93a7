/**
 * `npm run sandbox`: the ATS simulators on loopback, for trying the console by hand (point the
 * connection wizard's Advanced → API host, or the CLI's --base-url, at the printed URL).
 *
 *   npm run sandbox                         every simulator with its defaults
 *   npm run sandbox -- ashby --candidates 20000 --latency 0
 *   npm run sandbox -- lever --opportunities 2000
 *   npm run sandbox -- greenhouse --candidates 5000 --strict
 *
 * Add a simulator by adding an entry to SIMULATORS: a name and a start function that takes its own
 * arguments, prints its URL and credentials, and returns how to stop it.
 */
import { startAshbySandbox } from './simulators/ashby/start';
import { startGreenhouseSandbox } from './simulators/greenhouse/start';
import { startLeverSandbox } from './simulators/lever/start';

type StartSandbox = (argv: string[]) => Promise<() => Promise<void>>;

const SIMULATORS: Record<string, StartSandbox> = {
  ashby: startAshbySandbox,
  lever: startLeverSandbox,
  greenhouse: startGreenhouseSandbox,
};

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const chosen = first && !first.startsWith('-') ? first : null;
  if (chosen && !SIMULATORS[chosen]) {
    console.error(
      `Unknown simulator "${chosen}". Available: ${Object.keys(SIMULATORS).join(', ')}.`,
    );
    process.exit(2);
  }
  const stops: Array<() => Promise<void>> = [];
  for (const [name, start] of Object.entries(SIMULATORS)) {
    if (chosen && name !== chosen) continue;
    stops.push(await start(chosen ? rest : []));
    console.log('');
  }
  console.log('Running. Press Ctrl+C to stop.');
  process.on('SIGINT', () => {
    void Promise.all(stops.map((stop) => stop())).then(() => process.exit(0));
  });
}

void main(process.argv.slice(2));
