import path from 'node:path';
import readline from 'node:readline';
import { BENCH_ROOT, spawnTs } from './child';
import type { Command, SimReady, SimSpec, SimStats, SimWrites } from './sim-process';

export type { SimSpec, SimStats, SimWrites };

/** A simulator process (sim-process.ts) and its command line, one answer per command. */
export interface SimHandle extends SimReady {
  ats: 'ashby' | 'lever' | 'greenhouse';
  send<T>(command: Command): Promise<T>;
  mark(): Promise<void>;
  stats(): Promise<SimStats>;
  close(): void;
}

export async function startSim(
  ats: 'ashby' | 'lever' | 'greenhouse',
  spec: SimSpec,
): Promise<SimHandle> {
  const child = spawnTs(path.join(BENCH_ROOT, 'support', 'sim-process.ts'), [
    ats,
    JSON.stringify(spec),
  ]);
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: Array<{ resolve(line: string): void; reject(error: Error): void }> = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.once('exit', (code) => {
    for (const waiter of waiting.splice(0)) {
      waiter.reject(new Error(`the ${ats} simulator exited (${code})`));
    }
  });
  const next = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = JSON.parse(await next()) as SimReady;
  // Commands are answered in order; a queue keeps concurrent callers apart.
  let queue: Promise<unknown> = Promise.resolve();
  const send = <T>(command: Command): Promise<T> => {
    const answer = queue.then(async () => {
      const line = next();
      child.stdin!.write(`${JSON.stringify(command)}\n`);
      return JSON.parse(await line) as T;
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
  return {
    ...ready,
    ats,
    send,
    mark: async () => {
      await send({ cmd: 'mark' });
    },
    stats: () => send<SimStats>({ cmd: 'stats' }),
    close: () => {
      child.stdin?.end();
      // A profiled simulator exits by itself when its stdin closes, writing its profile first.
      if (!process.env.BENCH_PROF_DIR) child.kill();
    },
  };
}
