import { Download, RefreshCw, ScrollText } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SyncLogLine } from '../../../../shared/domain/runs';
import type { LogFacets } from '../../../../shared/domain/sync-log';
import { call, errorText } from '../../lib/api';
import { count } from '../../lib/format';
import { navigate, useRoute } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { exportLogCsv } from './export-csv';
import { readParams, toFilter, writeParams, type LogParams } from './filter-params';
import { LogDrawer } from './LogDrawer';
import { LogFilters } from './LogFilters';
import { LogList } from './LogList';
import { MAX_LOADED, useLogLines } from './useLogLines';

/**
 * The sync log: every run's events and every record-level line, newest first, filtered and
 * searched in main (the renderer never holds the whole log), with a detail drawer and a CSV export
 * of exactly what the filter selects.
 */
export function SyncLogPage() {
  const route = useRoute();
  const connections = useAppStore((state) => state.connections);
  const params = useMemo(() => readParams(route.params), [route.params]);
  const paramsKey = JSON.stringify(params);
  // "Last hour" is fixed when the filter is chosen, not on every render.
  const filter = useMemo(() => toFilter(JSON.parse(paramsKey) as LogParams), [paramsKey]);
  const log = useLogLines(filter);
  const [selected, setSelected] = useState<SyncLogLine | null>(null);
  const [facets, setFacets] = useState<LogFacets | null>(null);
  const [exporting, setExporting] = useState<number | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const exportAbort = useRef<AbortController | null>(null);

  useEffect(() => {
    call('log:facets')
      .then(setFacets)
      .catch(() => setFacets(null));
  }, []);

  const update = useCallback(
    (patch: Partial<LogParams>) => {
      navigate('/log', writeParams({ ...params, ...patch }));
    },
    [params],
  );

  const labels = useMemo(
    () => new Map(connections.map((connection) => [connection.id, connection.label])),
    [connections],
  );
  const labelOf = useCallback((id: string | null) => (id ? (labels.get(id) ?? id) : '—'), [labels]);

  const startExport = async () => {
    const controller = new AbortController();
    exportAbort.current = controller;
    setMessage(null);
    setExporting(0);
    try {
      const rows = await exportLogCsv(filter, setExporting, controller.signal);
      setMessage({ tone: 'success', text: `Exported ${count(rows)} lines as CSV.` });
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        setMessage({ tone: 'danger', text: errorText(error) });
      }
    } finally {
      setExporting(null);
      exportAbort.current = null;
    }
  };

  const total = log.count
    ? `${count(log.count.count)}${log.count.capped ? '+' : ''} line${log.count.count === 1 ? '' : 's'}`
    : '';
  const unfiltered = Object.keys(writeParams(params)).length === 0;
  const empty = !log.loading && !log.error && log.lines.length === 0;

  return (
    <div className="log-page">
      <PageHeader
        title="Sync log"
        description="Every sync run and what it did to each record, kept on this computer. Secrets and private notes never appear here."
        actions={
          exporting !== null ? (
            <Button onClick={() => exportAbort.current?.abort()} busy={false}>
              Exporting {count(exporting)} lines… Cancel
            </Button>
          ) : (
            <Button
              icon={<Download size={16} aria-hidden />}
              onClick={() => void startExport()}
              disabled={empty}
            >
              Export CSV
            </Button>
          )
        }
      />
      <LogFilters params={params} connections={connections} facets={facets} onChange={update} />
      <div className="log-status" aria-live="polite">
        <span data-testid="log-count">{log.loading && !log.count ? 'Loading…' : total}</span>
        {log.fresh > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            icon={<RefreshCw size={14} aria-hidden />}
            onClick={log.reload}
          >
            {count(log.fresh)} new line{log.fresh === 1 ? '' : 's'}: show
          </Button>
        ) : null}
        {log.capped ? (
          <span className="muted">
            Showing the newest {count(MAX_LOADED)}; choose a time range to see older lines.
          </span>
        ) : null}
      </div>
      {message ? <Banner tone={message.tone}>{message.text}</Banner> : null}
      {log.error ? <Banner tone="danger">{log.error}</Banner> : null}
      <div className={`log-body ${selected ? 'log-body-with-drawer' : ''}`}>
        {empty ? (
          <div className="card log-empty">
            {unfiltered ? (
              <EmptyState icon={<ScrollText size={28} />} title="No syncs have run yet">
                <p>
                  The first run starts when you connect an ATS. Every run and what it did to each
                  record appears here, with errors and what to do about them.
                </p>
              </EmptyState>
            ) : (
              <EmptyState icon={<ScrollText size={28} />} title="No lines match this filter">
                <p>Widen the time range, choose another level, or clear the search.</p>
              </EmptyState>
            )}
          </div>
        ) : (
          <LogList
            lines={log.lines}
            hasMore={log.hasMore}
            loading={log.loading}
            selectedId={selected?.id ?? null}
            labelOf={labelOf}
            onSelect={setSelected}
            onEndReached={log.loadMore}
          />
        )}
        {selected ? (
          <LogDrawer
            line={selected}
            onClose={() => setSelected(null)}
            onSelect={setSelected}
            onShowRun={(runId) =>
              update({ run: String(runId), levels: 'all', q: '', record: '', range: '' })
            }
            onShowRecord={(entity, entityId) =>
              update({ entity, record: entityId, levels: 'all', q: '', run: '', range: '' })
            }
          />
        ) : null}
      </div>
    </div>
  );
}
