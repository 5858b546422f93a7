/**
 * The Ashby simulator in a process of its own, so a benchmark measures the console, not the
 * simulator sharing its CPU. Prints one JSON line `{url, keys}` when ready; exits when stdin closes.
 * Usage: node --import tsx ashby-sim-process.ts <candidates> <applications> [latencyMs]
 */
import { startAshbySimulator } from '../../test/simulators/ashby/server';

async function main(): Promise<void> {
  const [candidates = '1000', applications = '1000', latency = '0'] = process.argv.slice(2);
  const sim = await startAshbySimulator({
    tenant: {
      candidates: Number(candidates),
      applications: Number(applications),
      confidentialShare: 0,
    },
    latencyMs: Number(latency),
    rateLimit: null,
  });
  // The request log would grow with every page; a benchmark does not read it.
  sim.requests.add = (entry) => ({ ...entry, seq: 0, at: 0 });
  const counts = sim.tenant.counts();
  process.stdout.write(`${JSON.stringify({ url: sim.url, key: sim.keys.full, counts })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

void main();
