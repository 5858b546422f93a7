/**
 * An ATS simulator (Ashby or Lever) in a process of its own, so a benchmark measures the console,
 * not a simulator sharing its CPU. Prints one JSON line `{url, key, counts}` when ready, then
 * answers one JSON command per stdin line with one JSON line (see `Command`). Exits when stdin
 * closes. Requests are counted, not kept: a 200k import would otherwise fill the request log.
 *
 * Usage: node --import tsx sim-process.ts ashby|lever|greenhouse '<SimSpec as JSON>'
 */
import readline from 'node:readline';
import { startAshbySimulator, type AshbySimulator } from '../../test/simulators/ashby/server';
import type { InFlightMeter } from '../../test/simulators/common/in-flight';
import type { RecordedRequest, RequestLog } from '../../test/simulators/common/request-log';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  startGreenhouseSimulator,
  type GreenhouseSimulator,
} from '../../test/simulators/greenhouse/server';
import { expectedLeverCache } from '../../test/simulators/lever/expected';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../test/simulators/lever/server';

export interface SimSpec {
  /** Ashby: candidates and applications; Lever: opportunities (one person each). */
  candidates?: number;
  applications?: number;
  opportunities?: number;
  /** The ATS's own limit, enforced with 429s; null = none. */
  rateLimit?: { perSecond: number; burst: number } | null;
  /** Every answer the limit admits waits this long (ms), within ±`latencyJitter` (a fraction). */
  latencyMs?: number;
  latencyJitter?: number;
}

export interface SimReady {
  url: string;
  key: string;
  counts: { candidates: number; applications: number };
}

export type Command =
  /** Starts a counting window. */
  | { cmd: 'mark' }
  /** Requests, 429s sent by the rate limiter, and times (ms) since the mark. */
  | { cmd: 'stats' }
  /** Turns the ATS's rate limit on (its spec's limit) or off. */
  | { cmd: 'rate'; on: boolean }
  /** Sets the latency of every answer from now on (ms, ±jitter as a fraction). */
  | { cmd: 'latency'; ms: number; jitter: number }
  /** Changes this share of candidates and applications, as a recruiter in the ATS would. */
  | { cmd: 'change'; share: number }
  /** Lever: the notes and stage moves written through the API (for duplicate checks). */
  | { cmd: 'writes'; marker: string };

export interface SimStats {
  requests: number;
  /** Requests by path (query left out). */
  byPath: Record<string, number>;
  /** Refused by the ATS's rate limit with 429 (faults injected on purpose are not counted). */
  throttled: number;
  /** When the first and the last answer were sent (ms since the epoch). */
  firstAt: number | null;
  lastAt: number | null;
  /** When the first request arrived (ms since the epoch): where an import's wall time starts. */
  firstArrivalAt: number | null;
  /** The most requests the simulator held at once, and their time-weighted mean. */
  inFlightMax: number;
  inFlightMean: number;
}

export interface SimWrites {
  notes: number;
  distinctNotes: number;
  stageMoves: number;
}

/** How the simulators record a 429 their rate limit sent (the fault injector names its own). */
const RATE_LIMIT_429 = new Set([null, 'rate-limit', 'partner-throttle']);

/** Counts what the simulator records instead of keeping it, and reads its in-flight meter. */
function countRequests(log: RequestLog, inFlight: InFlightMeter) {
  const window = {
    requests: 0,
    byPath: {} as Record<string, number>,
    throttled: 0,
    firstAt: null as number | null,
    lastAt: 0,
  };
  log.add = (entry): RecordedRequest => {
    const at = Date.now();
    window.requests++;
    window.byPath[entry.path] = (window.byPath[entry.path] ?? 0) + 1;
    if (entry.status === 429 && RATE_LIMIT_429.has(entry.fault)) window.throttled++;
    window.firstAt ??= at;
    window.lastAt = at;
    return { ...entry, seq: 0, at };
  };
  return {
    mark() {
      Object.assign(window, { requests: 0, byPath: {}, throttled: 0, firstAt: null, lastAt: 0 });
      inFlight.reset();
    },
    stats: (): SimStats => {
      const seen = inFlight.stats();
      return {
        ...window,
        lastAt: window.firstAt === null ? null : window.lastAt,
        firstArrivalAt: seen.firstArrivalAt,
        inFlightMax: seen.max,
        inFlightMean: seen.mean,
      };
    },
  };
}

interface Hosted {
  ready: SimReady;
  log: RequestLog;
  inFlight: InFlightMeter;
  setRate(on: boolean): void;
  setLatency(ms: number, jitter: number): void;
  change(share: number): { candidates: number; applications: number };
  writes(marker: string): SimWrites;
  close(): Promise<void>;
}

async function hostAshby(spec: SimSpec): Promise<Hosted> {
  const sim: AshbySimulator = await startAshbySimulator({
    tenant: {
      candidates: spec.candidates ?? 1000,
      applications: spec.applications ?? 1000,
      confidentialShare: 0,
    },
    rateLimit: spec.rateLimit ?? null,
    latencyMs: spec.latencyMs ?? 0,
    latencyJitter: spec.latencyJitter ?? 0,
  });
  const counts = sim.tenant.counts();
  const stages = sim.tenant.plans.flatMap((plan) => plan.stages);
  return {
    ready: { url: sim.url, key: sim.keys.full, counts },
    log: sim.requests,
    inFlight: sim.inFlight,
    setRate: (on) => sim.setRateLimit(on ? (spec.rateLimit ?? null) : null),
    setLatency: (ms, jitter) => sim.setLatency(ms, jitter),
    change(share) {
      const every = Math.max(1, Math.round(1 / share));
      let candidates = 0;
      let applications = 0;
      for (let index = 0; index < sim.tenant.candidateCount(); index += every) {
        const candidate = sim.tenant.candidate(index);
        if (!candidate) continue;
        sim.tenant.updateCandidate(candidate.id, { name: `${candidate.name} (changed)` });
        candidates++;
      }
      for (let index = 0; index < sim.tenant.applicationCount(); index += every) {
        const application = sim.tenant.application(index);
        if (!application) continue;
        const plan = sim.tenant.plans[application.planIndex]!;
        const stage = plan.stages.find((candidate) => candidate.id !== application.stageId);
        sim.tenant.moveApplication(application.id, stage ?? stages[0]!, null);
        applications++;
      }
      return { candidates, applications };
    },
    writes: () => {
      throw new Error('Write counts are kept for the Lever simulator only.');
    },
    close: () => sim.close(),
  };
}

async function hostLever(spec: SimSpec): Promise<Hosted> {
  const limit = spec.rateLimit ?? null;
  const sim: LeverSimulator = await startLeverSimulator({
    tenant: { opportunities: spec.opportunities ?? 1000, postings: 200, repeatPersonShare: 0 },
    rateLimit: limit ? { enabled: true, ...limit } : { enabled: false },
    // As the Ashby simulator does: the next page is rendered while the console commits this one
    // (the bench changes records only through `sim.mutations`, which invalidates it).
    prepareNextPages: true,
    latencyMs: spec.latencyMs ?? 0,
    latencyJitter: spec.latencyJitter ?? 0,
  });
  const expected = expectedLeverCache(sim.tenant, { confidential: true });
  return {
    ready: {
      url: sim.apiUrl,
      key: LEVER_FULL_ACCESS_KEY,
      counts: { candidates: expected.candidates.size, applications: expected.applications.size },
    },
    log: sim.requests,
    inFlight: sim.inFlight,
    setRate: (on) => sim.setRateLimit({ enabled: on && limit !== null }),
    setLatency: (ms, jitter) => sim.setLatency(ms, jitter),
    change(share) {
      const every = Math.max(1, Math.round(1 / share));
      // Copied first: a change re-sorts nothing (newest-first is by creation), but stay safe.
      const all = [...sim.tenant.opportunities];
      let changed = 0;
      for (let index = 0; index < all.length; index += every) {
        const opportunity = all[index]!;
        const stage = sim.tenant.stages.find((candidate) => candidate.id !== opportunity.stage)!;
        sim.mutations.changeStage(opportunity.id, stage.id, null);
        changed++;
      }
      // A Lever opportunity carries its person: each change is a candidate and an application.
      return { candidates: changed, applications: changed };
    },
    writes(marker) {
      const notes = sim.tenant.opportunities.flatMap((opportunity) =>
        opportunity.notes.filter((note) => note.value.includes(marker)),
      );
      return {
        notes: notes.length,
        distinctNotes: new Set(notes.map((note) => note.value)).size,
        stageMoves: sim.mutations.log.filter((entry) => entry.kind === 'opportunity.stage').length,
      };
    },
    close: () => sim.close(),
  };
}

/**
 * Greenhouse: `candidates` people with about 1.2 applications each. Its limit is a fixed
 * 30-second window; a spec's `perSecond` becomes that window's count (`burst` is not used).
 */
async function hostGreenhouse(spec: SimSpec): Promise<Hosted> {
  const limit = spec.rateLimit ?? null;
  const window = (on: boolean) =>
    on && limit
      ? { enabled: true, limit: Math.round(limit.perSecond * 30), windowMs: 30_000 }
      : { enabled: false };
  const sim: GreenhouseSimulator = await startGreenhouseSimulator({
    tenant: { candidates: spec.candidates ?? 1000, jobs: 40, prospectShare: 0.02 },
    rateLimit: window(true),
    latencyMs: spec.latencyMs ?? 0,
    latencyJitter: spec.latencyJitter ?? 0,
  });
  return {
    ready: {
      url: sim.url,
      key: `${GREENHOUSE_DEMO_CREDENTIAL.clientId}:${GREENHOUSE_DEMO_CREDENTIAL.clientSecret}`,
      counts: {
        candidates: sim.tenant.candidates.size,
        applications: sim.tenant.applications.size,
      },
    },
    log: sim.requests,
    inFlight: sim.inFlight,
    setRate: (on) => sim.setRateLimit(window(on)),
    setLatency: (ms, jitter) => sim.setLatency(ms, jitter),
    change(share) {
      const every = Math.max(1, Math.round(1 / share));
      const at = new Date().toISOString();
      const candidates = [...sim.tenant.candidates.values()].filter((_, i) => i % every === 0);
      for (const candidate of candidates) {
        candidate.last_name = `${candidate.last_name} (changed)`;
        candidate.updated_at = at;
      }
      const applications = [...sim.tenant.applications.values()].filter(
        (app, i) => i % every === 0 && app.status === 'in_process' && app.job_id !== null,
      );
      for (const application of applications) {
        sim.mutations.reject(application.id, { rejection_reason_id: 262 }, 1_000_001);
      }
      return { candidates: candidates.length, applications: applications.length };
    },
    writes: () => {
      throw new Error('Write counts are kept for the Lever simulator only.');
    },
    close: () => sim.close(),
  };
}

async function main(): Promise<void> {
  const [ats, specJson = '{}'] = process.argv.slice(2);
  const spec = JSON.parse(specJson) as SimSpec;
  const hosted =
    ats === 'ashby'
      ? await hostAshby(spec)
      : ats === 'lever'
        ? await hostLever(spec)
        : ats === 'greenhouse'
          ? await hostGreenhouse(spec)
          : null;
  if (!hosted) throw new Error(`Unknown simulator "${ats}": ashby, lever or greenhouse.`);
  const counter = countRequests(hosted.log, hosted.inFlight);
  const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  reply(hosted.ready);
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = JSON.parse(line) as Command;
    switch (command.cmd) {
      case 'mark':
        counter.mark();
        return reply({ ok: true });
      case 'stats':
        return reply(counter.stats());
      case 'rate':
        hosted.setRate(command.on);
        return reply({ ok: true });
      case 'latency':
        hosted.setLatency(command.ms, command.jitter);
        return reply({ ok: true });
      case 'change':
        return reply(hosted.change(command.share));
      case 'writes':
        return reply(hosted.writes(command.marker));
    }
  });
  lines.on('close', () => void hosted.close().then(() => process.exit(0)));
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
