import { RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { OutboxItem } from '../../../../shared/domain/outbox';
import { call } from '../../lib/api';
import { dateTime, timeAgo } from '../../lib/format';
import { navigate } from '../../lib/router';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { STATE_LABELS } from './states';

/**
 * Outbox rows: what each writes, to which ATS, its state with the reason (failed: what happened
 * and what to do), and Retry / Discard for what was not sent. Discarding asks first.
 */
export function OutboxTable({
  items,
  showCandidate = true,
  empty,
}: {
  items: OutboxItem[];
  showCandidate?: boolean;
  empty: string;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null);

  const act = async (item: OutboxItem, verb: 'retry' | 'discard') => {
    setBusy(item.id);
    try {
      if (verb === 'retry') await call('outbox:retry', { ids: [item.id] });
      else await call('outbox:discard', { ids: [item.id] });
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <ErrorBanner error={error} />
      <table className="table outbox-table" data-testid="outbox-table">
        <thead>
          <tr>
            <th>#</th>
            {showCandidate ? <th>Candidate</th> : null}
            <th>Write</th>
            <th>State</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const state = STATE_LABELS[item.state];
            const open = item.state === 'failed' || item.state === 'pending';
            return (
              <tr key={item.id} data-outbox-id={item.id} data-state={item.state}>
                <td className="num muted">{item.id}</td>
                {showCandidate ? (
                  <td className="nowrap">
                    <a
                      href={`#/candidates/kula/${encodeURIComponent(item.candidateId)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(`/candidates/kula/${encodeURIComponent(item.candidateId)}`);
                      }}
                    >
                      {item.candidateName}
                    </a>
                  </td>
                ) : null}
                <td>
                  <div>{item.title}</div>
                  <div className="small muted">
                    {item.connectionLabel} · queued {timeAgo(item.createdAt)}
                  </div>
                  {item.state === 'failed' && item.lastError ? (
                    <div className="outbox-reason outbox-reason-error" role="note">
                      <strong>{item.lastError}</strong>
                      {item.lastAction ? <div>{item.lastAction}</div> : null}
                    </div>
                  ) : item.outcome ? (
                    <div className="outbox-reason small">{item.outcome}</div>
                  ) : item.state === 'pending' && item.lastError ? (
                    <div className="outbox-reason small">
                      Last attempt: {item.lastError}
                      {item.nextAttemptAt ? ` Next try ${dateTime(item.nextAttemptAt)}.` : ''}
                    </div>
                  ) : null}
                  {item.waitingFor ? (
                    <div className="small muted">Waits for write #{item.waitingFor}.</div>
                  ) : null}
                </td>
                <td>
                  <Badge tone={state.tone}>{state.label}</Badge>
                  {item.attempts > 1 ? (
                    <div className="small muted">{item.attempts} attempts</div>
                  ) : null}
                </td>
                <td className="outbox-actions">
                  {open ? (
                    <>
                      {item.state === 'failed' ? (
                        <Button
                          size="sm"
                          variant="primary"
                          icon={<RotateCcw size={14} aria-hidden />}
                          busy={busy === item.id}
                          onClick={() => void act(item, 'retry')}
                          aria-label={`Retry write #${item.id}`}
                        >
                          Retry
                        </Button>
                      ) : null}
                      <Button
                        size="sm"
                        variant="ghost"
                        icon={<Trash2 size={14} aria-hidden />}
                        disabled={busy === item.id}
                        onClick={() => setDiscarding(item)}
                        aria-label={`Discard write #${item.id}`}
                      >
                        Discard
                      </Button>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={discarding !== null}
        title="Discard this write?"
        confirmLabel="Discard"
        tone="danger"
        onCancel={() => setDiscarding(null)}
        onConfirm={() => {
          const item = discarding;
          setDiscarding(null);
          if (item) void act(item, 'discard');
        }}
      >
        <p>
          “{discarding?.title}” for {discarding?.candidateName} will never be sent to{' '}
          {discarding?.connectionLabel}. The audit trail records who discarded it.
        </p>
      </ConfirmDialog>
    </>
  );
}
