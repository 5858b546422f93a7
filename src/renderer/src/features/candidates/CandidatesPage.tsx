import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDownAZ, ArrowUpZA, ChevronRight, Users } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CandidateRow, CandidateSort } from '../../../../shared/domain/ats';
import { call, describeError, onStale } from '../../lib/api';
import { count } from '../../lib/format';
import { navigate, useRoute } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { TextInput } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { AddCandidatePage } from './AddCandidatePage';
import { CandidateDetailView } from './AtsCandidateDetail';
import { KulaCandidateDetail } from './KulaCandidateDetail';
import { KulaCandidateList } from './KulaCandidateList';
import { SourceTabs } from './SourceTabs';
import { ConnectionPicker } from './ConnectionPicker';

const PAGE = 200;
const ROW_HEIGHT = 56;

/**
 * `#/candidates`: Kula's candidates (`?source=ats`: the ATS candidates in the cache);
 * `#/candidates/kula/<id>`: a Kula candidate; `#/candidates/new`: add candidates;
 * `#/candidates/<connection>/<id>`: an ATS candidate from the cache.
 */
export function CandidatesPage() {
  const route = useRoute();
  const [, , first, second] = route.path.split('/');
  if (first === 'new') return <AddCandidatePage />;
  if (first === 'kula' && second)
    return <KulaCandidateDetail candidateId={decodeURIComponent(second)} />;
  if (first && second)
    return (
      <CandidateDetailView
        connectionId={decodeURIComponent(first)}
        candidateId={decodeURIComponent(second)}
      />
    );
  return route.params.get('source') === 'ats' ? <CandidateList /> : <KulaCandidateList />;
}

/**
 * A virtualized list: only the rows on screen exist in the DOM, and rows come from main in pages
 * of 200 as they scroll into view, searched and sorted in SQL, so 100k candidates stay smooth.
 */
function CandidateList() {
  const connections = useAppStore((state) => state.connections);
  const [connectionId, setConnectionId] = useState<string | undefined>(undefined);
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<CandidateSort>('name');
  const [total, setTotal] = useState<number | null>(null);
  const [shownConnection, setShownConnection] = useState<string | null>(null);
  const [pages, setPages] = useState<Map<number, CandidateRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(input.trim()), 250);
    return () => clearTimeout(timer);
  }, [input]);

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const result = await call('ats:list-candidates', {
          ...(connectionId ? { connectionId } : {}),
          ...(search ? { search } : {}),
          sort,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (gen !== generation.current) return;
        setTotal(result.total);
        setShownConnection(result.connectionId);
        setPages((current) => new Map(current).set(page, result.rows));
        setError(null);
      } catch (caught) {
        if (gen === generation.current) setError(describeError(caught).message);
      } finally {
        loading.current.delete(page);
      }
    },
    [connectionId, search, sort],
  );

  // A new query starts over from the top; a change in the cache reloads what is on screen.
  useEffect(() => {
    const gen = ++generation.current;
    loading.current.clear();
    setPages(new Map());
    scroller.current?.scrollTo({ top: 0 });
    void loadPage(0, gen);
    const off = onStale(['ats:list-candidates'], () => {
      const next = ++generation.current;
      loading.current.clear();
      setPages(new Map());
      void loadPage(0, next);
    });
    return off;
  }, [loadPage]);

  // The console has no React Compiler, so the hook's unmemoizable functions are fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (total === null) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (!pages.has(page)) void loadPage(page, generation.current);
    }
  }, [first, last, total, pages, loadPage]);

  const rowAt = useMemo(
    () => (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    [pages],
  );

  const empty = total === 0 && !search;
  return (
    <>
      <PageHeader
        title="Candidates"
        description="The ATS’s candidates in the local cache (readable offline). Kula’s own candidates are on the other tab."
        actions={
          <ConnectionPicker
            connections={connections}
            value={connectionId ?? shownConnection ?? undefined}
            onChange={setConnectionId}
          />
        }
      />
      <SourceTabs active="ats">
        {error ? <Banner tone="danger">{error}</Banner> : null}
        {empty ? (
          <Card>
            <EmptyState icon={<Users size={28} />} title="No candidates cached yet">
              <p>Connect an ATS to import its candidates, or add candidates to a flow.</p>
            </EmptyState>
          </Card>
        ) : (
          <Card className="list-card">
            <div className="toolbar">
              <TextInput
                type="search"
                aria-label="Search candidates by name or email"
                placeholder="Search by name or email"
                value={input}
                onChange={(event) => setInput(event.target.value)}
              />
              <Button
                size="sm"
                variant="ghost"
                icon={
                  sort === 'name' ? (
                    <ArrowDownAZ size={16} aria-hidden />
                  ) : (
                    <ArrowUpZA size={16} aria-hidden />
                  )
                }
                onClick={() => setSort(sort === 'name' ? '-name' : 'name')}
              >
                {sort === 'name' ? 'A–Z' : 'Z–A'}
              </Button>
              <span className="muted" data-testid="candidate-total">
                {total === null
                  ? 'Loading…'
                  : `${count(total)} candidate${total === 1 ? '' : 's'}${search ? ` match “${search}”` : ''}`}
              </span>
            </div>
            <div className="virtual-list" ref={scroller} role="list" aria-label="Candidates">
              <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
                {items.map((item) => {
                  const row = rowAt(item.index);
                  return (
                    <div
                      key={item.key}
                      role="listitem"
                      className="virtual-row"
                      style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                    >
                      {row ? (
                        <button
                          type="button"
                          className="candidate-row"
                          onClick={() =>
                            navigate(
                              `/candidates/${encodeURIComponent(shownConnection ?? '')}/${encodeURIComponent(row.id)}`,
                            )
                          }
                        >
                          <span className="avatar" aria-hidden>
                            {initials(row.name)}
                          </span>
                          <span className="candidate-main">
                            <span className="candidate-name">{row.name}</span>
                            <span className="candidate-email">{row.email ?? 'No email'}</span>
                          </span>
                          <span className="candidate-meta">
                            {row.applications} application{row.applications === 1 ? '' : 's'}
                          </span>
                          <ChevronRight size={16} aria-hidden className="muted" />
                        </button>
                      ) : (
                        <span className="candidate-row candidate-placeholder" aria-hidden />
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
            {total === 0 && search ? (
              <p className="muted">Nobody’s name or email contains “{search}”.</p>
            ) : null}
          </Card>
        )}
      </SourceTabs>
    </>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
