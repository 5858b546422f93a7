import type { ResourceStatus } from '../../../../../shared/domain/ats';
import { count } from '../../../lib/format';
import type { RunProgress } from '../../../stores/sync-store';
import { ProgressBar } from '../../../ui/ProgressBar';

/**
 * One bar per resource of a run: done when read, filling while read (exact when the size is known
 * from an earlier full read, indeterminate otherwise), empty while waiting; with records, rate,
 * the parts read at once and time left. Several resources fill at the same time; the time left of
 * the whole import is the run's own estimate, held to the connection's request limit.
 */
export function ImportProgress({
  resources,
  run,
}: {
  resources: Array<Pick<ResourceStatus, 'name' | 'label'>>;
  run: RunProgress | undefined;
}) {
  const eta = totalEta(run);
  return (
    <div className="import-progress">
      <ul className="import-resources">
        {resources.map((resource) => {
          const progress = run?.resources[resource.name];
          const state = !progress ? 'waiting' : progress.finished ? 'done' : 'reading';
          const value =
            state === 'waiting'
              ? 0
              : state === 'done'
                ? 1
                : progress?.total
                  ? Math.min(0.99, progress.done / progress.total)
                  : null;
          return (
            <li key={resource.name} className={`import-resource import-${state}`}>
              <div className="import-resource-head">
                <span className="import-resource-label">{resource.label}</span>
                <span className="import-resource-figures">
                  {state === 'waiting'
                    ? 'Waiting'
                    : `${count(progress!.done)}${progress!.total && state === 'reading' ? ` of ~${count(progress!.total)}` : ''} records${
                        state === 'reading' && (progress!.streams ?? 0) > 1
                          ? ` · ${progress!.streams} parts at once`
                          : ''
                      }${
                        state === 'reading' && progress!.ratePerSecond
                          ? ` · ${count(progress!.ratePerSecond)}/s`
                          : ''
                      }${
                        state === 'reading' && progress!.etaSeconds !== null
                          ? ` · ${formatEta(progress!.etaSeconds)} left`
                          : ''
                      }${state === 'done' && progress!.mode === 'incremental' ? ' changed' : ''}`}
                </span>
              </div>
              <ProgressBar
                value={value}
                label={`${resource.label}: ${state}`}
                tone={state === 'done' ? 'success' : 'primary'}
              />
            </li>
          );
        })}
      </ul>
      {run && !run.finished ? (
        <p className="import-eta muted" data-testid="import-eta">
          {eta === null
            ? 'Time left: estimated once a resource of known size is being read (the ATS does not report totals; the sizes of this import are remembered for the next).'
            : `About ${formatEta(eta)} left.`}
        </p>
      ) : null}
    </div>
  );
}

/** The run's time left, from its most recent event (every event carries it). */
function totalEta(run: RunProgress | undefined): number | null {
  if (!run) return null;
  const latest = run.latest ? run.resources[run.latest] : undefined;
  const current = run.current ? run.resources[run.current] : undefined;
  return latest?.runEtaSeconds ?? current?.etaSeconds ?? null;
}

export function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
