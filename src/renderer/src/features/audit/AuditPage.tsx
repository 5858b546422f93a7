import { ShieldCheck } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_FAMILIES,
  type AuditEntry,
} from '../../../../shared/domain/audit';
import { call, describeError, errorText, onStale } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { navigate, useRoute } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Select } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { SearchBox } from '../sync-log/SearchBox';

const PAGE = 100;
const RANGES: Array<{ value: string; label: string; ms: number | null }> = [
  { value: '', label: 'Any time', ms: null },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/**
 * Who did what, and when: connecting, disconnecting, mapping changes, manual syncs, schedule and
 * settings changes, exports (and, with write-back, discarded queued writes). Filters live in the
 * URL; older entries load on request.
 */
export function AuditPage() {
  const route = useRoute();
  const connections = useAppStore((state) => state.connections);
  const action = route.params.get('action') ?? '';
  const target = route.params.get('target') ?? '';
  const range = route.params.get('range') ?? '';
  const search = route.params.get('q') ?? '';
  const [loaded, setLoaded] = useState<{
    key: string;
    entries: AuditEntry[];
    more: boolean;
    error: string | null;
  } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [actions, setActions] = useState<string[]>([]);
  const labels = useMemo(
    () => new Map(connections.map((connection) => [connection.id, connection.label])),
    [connections],
  );

  const update = useCallback(
    (patch: Record<string, string>) => {
      const next: Record<string, string> = { action, target, range, q: search, ...patch };
      navigate('/audit', Object.fromEntries(Object.entries(next).filter(([, value]) => value)));
    },
    [action, target, range, search],
  );

  const key = JSON.stringify({ action, target, range, search });
  const current = loaded?.key === key ? loaded : null;
  const entries = current?.entries ?? [];

  const fetchPage = useCallback(
    (beforeId?: number) => {
      const ms = RANGES.find((choice) => choice.value === range)?.ms ?? null;
      return call('audit:list', {
        ...(action ? { action } : {}),
        ...(target ? { target } : {}),
        ...(search.trim() ? { search: search.trim().slice(0, 200) } : {}),
        ...(ms ? { since: new Date(Date.now() - ms).toISOString() } : {}),
        limit: PAGE,
        ...(beforeId ? { beforeId } : {}),
      });
    },
    [action, target, range, search],
  );

  useEffect(() => {
    let live = true;
    const load = () => {
      fetchPage().then(
        (page) =>
          live && setLoaded({ key, entries: page, more: page.length === PAGE, error: null }),
        (caught: unknown) => {
          if (!live) return;
          setLoaded({ key, entries: [], more: false, error: errorText(caught) });
        },
      );
      call('audit:actions').then(
        (list) => live && setActions(list),
        () => undefined,
      );
    };
    load();
    const off = onStale(['audit:list', 'audit:actions'], load);
    return () => {
      live = false;
      off();
    };
  }, [fetchPage, key]);

  const loadOlder = () => {
    const last = entries.at(-1);
    if (!last || !current) return;
    setLoadingMore(true);
    fetchPage(last.id)
      .then(
        (page) =>
          setLoaded((state) =>
            state && state.key === key
              ? { ...state, entries: [...state.entries, ...page], more: page.length === PAGE }
              : state,
          ),
        (caught: unknown) =>
          setLoaded((state) =>
            state && state.key === key ? { ...state, error: describeError(caught).message } : state,
          ),
      )
      .finally(() => setLoadingMore(false));
  };
  const error = current?.error ?? null;

  const families = AUDIT_FAMILIES.filter((family) =>
    actions.some((known) => known.startsWith(family.prefix)),
  );
  const filtered = Boolean(action || target || range || search);

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Who changed what in this console, and when. Kept on this computer with the sync log."
      />
      {error ? <Banner tone="danger">{error}</Banner> : null}
      <Card>
        <div className="audit-filters" role="search" aria-label="Filter the audit trail">
          <SearchBox
            key={search}
            className="audit-search"
            value={search}
            onCommit={(q) => update({ q })}
            label="Search the audit trail"
            placeholder="Search the details…"
            maxLength={200}
          />
          <Select
            aria-label="Action"
            value={action}
            onChange={(event) => update({ action: event.target.value })}
          >
            <option value="">All actions</option>
            {families.map((family) => (
              <optgroup key={family.prefix} label={family.label}>
                <option value={family.prefix}>All: {family.label.toLowerCase()}</option>
                {actions
                  .filter((known) => known.startsWith(family.prefix))
                  .map((known) => (
                    <option key={known} value={known}>
                      {actionLabel(known)}
                    </option>
                  ))}
              </optgroup>
            ))}
            {actions
              .filter((known) => !AUDIT_FAMILIES.some((family) => known.startsWith(family.prefix)))
              .map((known) => (
                <option key={known} value={known}>
                  {known}
                </option>
              ))}
          </Select>
          <Select
            aria-label="Connection"
            value={target}
            onChange={(event) => update({ target: event.target.value })}
          >
            <option value="">Any connection or none</option>
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.label}
              </option>
            ))}
          </Select>
          <Select
            aria-label="Time"
            value={range}
            onChange={(event) => update({ range: event.target.value })}
          >
            {RANGES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
        {current && entries.length === 0 ? (
          <EmptyState
            icon={<ShieldCheck size={28} />}
            title={filtered ? 'Nothing matches' : 'Nothing recorded yet'}
          >
            <p>
              {filtered
                ? 'Widen the time range or clear the filters.'
                : 'Connecting, disconnecting, mapping changes, manual syncs, schedule and settings changes are recorded here with who made them and when.'}
            </p>
          </EmptyState>
        ) : (
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Connection</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{dateTime(entry.at)}</td>
                  <td className="nowrap">{entry.actor}</td>
                  <td>
                    <span className="audit-action">{actionLabel(entry.action)}</span>
                    <span className="mono muted audit-code">{entry.action}</span>
                  </td>
                  <td>{entry.target ? (labels.get(entry.target) ?? entry.target) : '—'}</td>
                  <td>{entry.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {current?.more ? (
          <div className="audit-more">
            <Button busy={loadingMore} onClick={loadOlder}>
              Show older entries
            </Button>
          </div>
        ) : null}
      </Card>
    </>
  );
}
