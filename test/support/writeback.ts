import type { SyncRunSummary } from '../../src/shared/domain/runs';
import type { CoreContext } from '../../src/main/core/context';

/** Runs syncs (pull + push) until nothing is due in the outbox; returns the runs. */
export async function syncUntilSent(
  ctx: CoreContext,
  connectionId: string,
  options: { pushOnly?: boolean; maxRuns?: number } = {},
): Promise<SyncRunSummary[]> {
  const runs: SyncRunSummary[] = [];
  for (let i = 0; i < (options.maxRuns ?? 10); i++) {
    const run = await ctx.sync.run(connectionId, {
      trigger: 'manual',
      ...(options.pushOnly ? { pushOnly: true } : {}),
    });
    runs.push(run);
    const open = ctx.db
      .prepare(
        "SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state IN ('pending', 'in_flight')",
      )
      .get(connectionId) as { n: number };
    if (open.n === 0) break;
    // Rows waiting on backoff: tests use millisecond delays.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return runs;
}

export function outboxStates(ctx: CoreContext, connectionId?: string): Record<string, number> {
  const rows = ctx.db
    .prepare(
      `SELECT state, count(*) AS n FROM outbox ${connectionId ? 'WHERE connection_id = ?' : ''} GROUP BY state`,
    )
    .all(...(connectionId ? [connectionId] : [])) as Array<{ state: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

export function outboxRows(ctx: CoreContext, candidateId?: string) {
  return ctx.db
    .prepare(
      `SELECT id, kind, state, outcome, last_error, attempts FROM outbox ${candidateId ? 'WHERE candidate_id = ?' : ''} ORDER BY id`,
    )
    .all(...(candidateId ? [candidateId] : [])) as Array<{
    id: number;
    kind: string;
    state: string;
    outcome: string | null;
    last_error: string | null;
    attempts: number;
  }>;
}

/** Fast outbox backoff for tests: retries in milliseconds. */
export const FAST_OUTBOX = { baseDelayMs: 1, capDelayMs: 5 };
