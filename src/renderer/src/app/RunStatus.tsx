import type { SyncProgress } from '../../../shared/domain/runs';
import { count, timeAgo } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useAppStore } from '../stores/app-store';
import { isRunning, useSyncStore, type RunProgress } from '../stores/sync-store';
import { ProgressBar } from '../ui/ProgressBar';
import { formatEta } from '../features/connections/components/ImportProgress';

/**
 * The status bar's sync line. While a sync runs: which connection, the phase and resource, records
 * done of the expected total, the rate and the time left (when several lists are read at once:
 * how many, their records and the run's time left), with a bar for the whole run. Otherwise:
 * the last run's outcome and summary (a link to its lines in the log) and when the next automatic
 * sync is due.
 */
export function RunStatus() {
  const runs = useSyncStore((state) => state.runs);
  const schedules = useSyncStore((state) => state.schedules);
  const connections = useAppStore((state) => state.connections);
  const recentRuns = useAppStore((state) => state.recentRuns);
  const now = useNow(15_000);
  const label = (id: string) => connections.find((connection) => connection.id === id)?.label ?? id;

  const running = Object.entries(runs).filter(([, run]) => isRunning(run));
  if (running.length > 0) {
    const [connectionId, run] = running[0]!;
    const progress = currentProgress(run);
    const reading = readingNow(run);
    return (
      <span className="status-item status-run" data-testid="run-status" aria-live="polite">
        <span className="status-run-text">
          <strong>{label(connectionId)}</strong>
          {reading.length > 1
            ? ` · ${describeSeveral(reading)}`
            : progress
              ? ` · ${describe(progress)}`
              : ' · starting…'}
          {running.length > 1 ? ` · and ${running.length - 1} more` : ''}
        </span>
        <span className="status-run-bar">
          <ProgressBar
            value={reading.length > 1 ? finishedShare(run) : overall(run, progress)}
            label={`Sync of ${label(connectionId)}`}
          />
        </span>
      </span>
    );
  }

  const last = recentRuns[0];
  const next = Object.values(schedules)
    .filter((schedule) => schedule.nextRunAt && schedule.state === 'scheduled')
    .map((schedule) => Date.parse(schedule.nextRunAt!))
    .sort((a, b) => a - b)[0];
  return (
    <span className="status-item status-run" data-testid="last-sync">
      <span className="status-run-text">
        Last sync:{' '}
        {last ? (
          <a
            href={`#/log?run=${last.id}&levels=all`}
            title={last.message ?? undefined}
            className={`status-last status-last-${last.status}`}
          >
            {timeAgo(last.startedAt, now)} ({last.status}){last.message ? ` · ${last.message}` : ''}
          </a>
        ) : (
          'never'
        )}
        {next !== undefined
          ? ` · next ${next - now < 60_000 ? 'in a moment' : `in ${Math.round((next - now) / 60_000)} min`}`
          : ''}
      </span>
    </span>
  );
}

function currentProgress(run: RunProgress): SyncProgress | null {
  if (run.current) return run.resources[run.current] ?? null;
  const last = run.order.at(-1);
  return last ? (run.resources[last] ?? null) : null;
}

/** The pull's resources being read at this moment (several are read at once). */
function readingNow(run: RunProgress): SyncProgress[] {
  return run.order
    .map((name) => run.resources[name])
    .filter((progress): progress is SyncProgress => !!progress && !progress.finished)
    .filter((progress) => progress.phase !== 'push');
}

function describeSeveral(reading: SyncProgress[]): string {
  const records = reading.reduce((sum, progress) => sum + progress.done, 0);
  const runEta = reading.find((progress) => progress.runEtaSeconds)?.runEtaSeconds;
  const eta = runEta ? ` · ${formatEta(runEta)} left` : '';
  return `Reading ${reading.length} lists at once · ${count(records)} records${eta}`;
}

/** Share of the pull's resources finished (while several are read at once). */
function finishedShare(run: RunProgress): number | null {
  const total = run.resourceCount;
  if (!total) return null;
  const finished = Object.values(run.resources).filter(
    (progress) => progress.finished && progress.phase !== 'push',
  ).length;
  return Math.min(0.99, finished / total);
}

function describe(progress: SyncProgress): string {
  const verb = progress.phase === 'push' ? 'Sending' : 'Reading';
  const position =
    progress.phase !== 'push' && progress.resourceIndex !== undefined && progress.resourceCount
      ? ` (${progress.resourceIndex + 1}/${progress.resourceCount})`
      : '';
  const records = `${count(progress.done)}${progress.total ? ` of ~${count(progress.total)}` : ''}`;
  const rate = progress.ratePerSecond ? ` · ${count(progress.ratePerSecond)}/s` : '';
  const eta =
    !progress.finished && progress.etaSeconds !== null && progress.etaSeconds > 0
      ? ` · ${formatEta(progress.etaSeconds)} left`
      : '';
  return `${verb} ${progress.resourceLabel ?? progress.resource ?? ''}${position} · ${records}${rate}${eta}`;
}

/** The whole run's share done: resources finished plus the current one's part; null if unknown. */
function overall(run: RunProgress, progress: SyncProgress | null): number | null {
  if (!progress) return null;
  const fraction = progress.total ? Math.min(1, progress.done / progress.total) : null;
  if (progress.phase === 'push') return fraction;
  const total = progress.resourceCount ?? run.resourceCount;
  if (!total || progress.resourceIndex === undefined) return fraction;
  return Math.min(
    0.99,
    (progress.resourceIndex + (progress.finished ? 1 : (fraction ?? 0.5))) / total,
  );
}
