import { Copy, History, ListFilter, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { SyncLogLine } from '../../../../shared/domain/runs';
import type { LogLineDetail } from '../../../../shared/domain/sync-log';
import { call, errorText } from '../../lib/api';
import { dateTime, duration } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { DirectionTag, LevelTag } from './LogLevel';
import { lineTime } from './time';

/**
 * A line's detail beside the list: what happened and what to do (for errors first), every field
 * (request id copyable for a support ticket), the run it belongs to, and the record's history
 * (every line about the same record, the per-record trail). Esc closes it.
 */
export function LogDrawer({
  line,
  onClose,
  onShowRecord,
  onShowRun,
  onSelect,
}: {
  line: SyncLogLine;
  onClose: () => void;
  onShowRecord: (entity: string, entityId: string) => void;
  onShowRun: (runId: number) => void;
  onSelect: (line: SyncLogLine) => void;
}) {
  const [loaded, setLoaded] = useState<{
    id: number;
    detail: LogLineDetail | null;
    error: string | null;
  } | null>(null);
  const detail = loaded?.id === line.id ? loaded.detail : null;
  const error = loaded?.id === line.id ? loaded.error : null;
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    call('log:detail', { id: line.id }).then(
      (value) => live && setLoaded({ id: line.id, detail: value, error: null }),
      (caught: unknown) => {
        if (!live) return;
        setLoaded({ id: line.id, detail: null, error: errorText(caught) });
      },
    );
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [line.id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const copyRequestId = async () => {
    if (!line.requestId) return;
    try {
      await navigator.clipboard.writeText(line.requestId);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };

  const run = detail?.run;
  return (
    <aside className="drawer" aria-labelledby="log-drawer-title" data-testid="log-drawer">
      <header className="drawer-header">
        <div>
          <LevelTag level={line.level} />
          <h2 id="log-drawer-title" ref={heading} tabIndex={-1}>
            Line {line.id}
          </h2>
          <p className="muted">{dateTime(line.at)}</p>
        </div>
        <Button variant="ghost" size="sm" icon={<X size={16} aria-hidden />} onClick={onClose}>
          Close
        </Button>
      </header>
      <div className="drawer-body">
        <p className="drawer-message">{line.message}</p>
        {line.nextStep ? (
          <Banner tone={line.level === 'error' ? 'danger' : 'info'} title="What to do">
            {line.nextStep}
          </Banner>
        ) : null}
        <dl className="facts drawer-facts">
          <dt>Connection</dt>
          <dd>{detail?.connectionLabel ?? line.connectionId ?? '—'}</dd>
          <dt>Direction</dt>
          <dd>
            <DirectionTag direction={line.direction} long />
          </dd>
          <dt>Record</dt>
          <dd>
            {line.entity ?? '—'}
            {line.entityId ? <span className="mono"> {line.entityId}</span> : null}
          </dd>
          <dt>Rule</dt>
          <dd className="mono">{line.rule ?? '—'}</dd>
          <dt>API call</dt>
          <dd className="mono">{line.apiCall ?? '—'}</dd>
          <dt>Result</dt>
          <dd>{line.result ?? '—'}</dd>
          <dt>Retries</dt>
          <dd>{line.retries}</dd>
          <dt>Request id</dt>
          <dd>
            {line.requestId ? (
              <span className="drawer-copy">
                <span className="mono">{line.requestId}</span>
                <Button
                  variant="ghost"
                  size="sm"
                  icon={<Copy size={13} aria-hidden />}
                  onClick={() => void copyRequestId()}
                  aria-label="Copy the request id"
                >
                  {copied ? 'Copied' : null}
                </Button>
              </span>
            ) : (
              '—'
            )}
          </dd>
          <dt>Run</dt>
          <dd>
            {run ? (
              <>
                #{run.id} · {run.trigger} · {run.status}
                {run.finishedAt ? ` · ${duration(run.startedAt, run.finishedAt)}` : ''}
              </>
            ) : line.runId ? (
              `#${line.runId}`
            ) : (
              '—'
            )}
          </dd>
        </dl>
        <div className="drawer-actions">
          {line.runId ? (
            <Button
              size="sm"
              icon={<ListFilter size={14} aria-hidden />}
              onClick={() => onShowRun(line.runId!)}
            >
              All lines of run #{line.runId}
            </Button>
          ) : null}
          {line.entity && line.entityId ? (
            <Button
              size="sm"
              icon={<History size={14} aria-hidden />}
              onClick={() => onShowRecord(line.entity!, line.entityId!)}
            >
              This record’s history
            </Button>
          ) : null}
        </div>
        {error ? <Banner tone="danger">{error}</Banner> : null}
        {detail && detail.recordHistory.length > 1 ? (
          <section className="drawer-history" aria-label="Record history">
            <h3>Record history</h3>
            <ol>
              {detail.recordHistory.map((entry) => (
                <li key={entry.id}>
                  <button
                    type="button"
                    className={`history-entry ${entry.id === line.id ? 'history-current' : ''}`}
                    onClick={() => onSelect(entry)}
                  >
                    <span className="mono">{lineTime(entry.at)}</span>
                    <LevelTag level={entry.level} />
                    <span className="history-message">{entry.message}</span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </aside>
  );
}
