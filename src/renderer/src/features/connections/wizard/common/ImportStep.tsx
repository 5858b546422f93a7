import { RefreshCw } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ResourceStatus } from '../../../../../../shared/domain/ats';
import { call } from '../../../../lib/api';
import { useSyncStore } from '../../../../stores/sync-store';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { ImportProgress } from '../../components/ImportProgress';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** The first import, started on arrival; it moves on by itself once the run succeeds. */
export function ImportStep({ draft, update, next }: WizardStepProps) {
  const connectionId = draft.connectionId!;
  const run = useSyncStore((state) => state.runs[connectionId]);
  const [resources, setResources] = useState<ResourceStatus[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [runMessage, setRunMessage] = useState<string | null>(null);
  const started = useRef(false);

  const start = async () => {
    setError(null);
    setRunMessage(null);
    try {
      const result = await call('sync:start', { connectionId, trigger: 'initial-import' });
      update({ runId: result.started[0]?.runId ?? null });
    } catch (caught) {
      setError(caught);
    }
  };

  useEffect(() => {
    void call('sync:status', { connectionId }).then((status) => setResources(status.resources));
    if (!started.current) {
      started.current = true;
      void start();
    }
    // Starts once per wizard; `start` is stable enough for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connectionId]);

  const finished = run?.finished && run.runId === draft.runId;
  useEffect(() => {
    if (!finished) return;
    void call('runs:list', { connectionId, limit: 1 }).then(([last]) => {
      if (last?.status === 'succeeded') next();
      else setRunMessage(last?.message ?? 'The import stopped.');
    });
  }, [finished, connectionId, next]);

  return (
    <>
      <p>
        The console now copies jobs, stages, candidates and applications (and what they refer to)
        into this computer’s cache. It saves every page as it goes: you can stop, close the console
        or lose the network, and the next sync continues where this one stopped.
      </p>
      <ImportProgress resources={resources} run={run?.runId === draft.runId ? run : undefined} />
      {runMessage ? (
        <Banner tone="danger" title="The import did not finish.">
          {runMessage}
        </Banner>
      ) : null}
      <ErrorBanner error={error} />
      <StepActions>
        {runMessage || error ? (
          <Button
            variant="primary"
            icon={<RefreshCw size={16} aria-hidden />}
            onClick={() => void start()}
          >
            Resume the import
          </Button>
        ) : (
          <Button
            disabled={!draft.runId || Boolean(finished)}
            onClick={() => void call('sync:cancel', { connectionId })}
          >
            Stop (resumes at the next sync)
          </Button>
        )}
      </StepActions>
    </>
  );
}
