import { UserPlus, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { CandidateRow } from '../../../../shared/domain/kula';
import { call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { TextInput } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { AtsLinks } from './AtsLinks';
import { SourceTabs } from './SourceTabs';

const PAGE = 100;
export const WORKSPACE_TABLES = [
  'kula_candidates',
  'kula_flows',
  'kula_notes',
  'kula_messages',
  'kula_resumes',
  'kula_referrals',
  'kula_ats_candidates',
  'kula_ats_applications',
  'outbox',
];

/** Kula's candidates: stage, flows, the ATS icon(s), and writes waiting or failed. */
export function KulaCandidateList() {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(input.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [input]);
  const page = useQuery(
    () => call('candidates:list', { ...(search ? { search } : {}), offset, limit: PAGE }),
    WORKSPACE_TABLES,
    [search, offset],
  );
  const total = page.data?.total ?? 0;
  return (
    <>
      <PageHeader
        title="Candidates"
        description="Kula’s candidates, with their Kula stage and the ATS profile each is linked to."
        actions={
          <Button
            variant="primary"
            icon={<UserPlus size={16} aria-hidden />}
            onClick={() => navigate('/candidates/new')}
          >
            Add candidates
          </Button>
        }
      />
      <SourceTabs active="kula" />
      {page.error ? (
        <Banner tone="danger" title={page.error.message}>
          {page.error.action}
        </Banner>
      ) : null}
      {page.data && total === 0 && !search ? (
        <Card>
          <EmptyState
            icon={<Users size={28} />}
            title="No Kula candidates yet"
            actions={
              <Button variant="primary" onClick={() => navigate('/candidates/new')}>
                Add candidates
              </Button>
            }
          >
            <p>
              Add people one by one or import a CSV file. In a flow linked to an ATS job, each gets
              an application there.
            </p>
          </EmptyState>
        </Card>
      ) : (
        <Card className="list-card">
          <div className="toolbar">
            <TextInput
              type="search"
              aria-label="Search Kula candidates by name or email"
              placeholder="Search by name or email"
              value={input}
              onChange={(event) => setInput(event.target.value)}
            />
            <span className="muted">
              {page.data ? `${total} candidate${total === 1 ? '' : 's'}` : 'Loading…'}
            </span>
          </div>
          <CandidateTable rows={page.data?.rows ?? []} />
          {total > PAGE ? (
            <div className="pager">
              <Button
                size="sm"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </Button>
              <span className="muted small">
                {offset + 1}–{Math.min(total, offset + PAGE)} of {total}
              </span>
              <Button
                size="sm"
                disabled={offset + PAGE >= total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}

export function CandidateTable({ rows }: { rows: CandidateRow[] }) {
  return (
    <table className="table candidate-table" data-testid="kula-candidates">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kula stage</th>
          <th>Flows</th>
          <th>ATS</th>
          <th>Writes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-candidate={row.email ?? row.id}>
            <td>
              <a
                href={`#/candidates/kula/${encodeURIComponent(row.id)}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/candidates/kula/${encodeURIComponent(row.id)}`);
                }}
              >
                {row.name}
              </a>
              <div className="small muted">{row.email ?? 'No email'}</div>
            </td>
            <td>
              <Badge tone="accent">{row.kulaStageName}</Badge>
            </td>
            <td className="small">{row.flows.map((flow) => flow.name).join(', ') || '—'}</td>
            <td>
              <AtsLinks name={row.name} links={row.atsLinks} />
            </td>
            <td>
              {row.failedWrites ? <Badge tone="danger">{row.failedWrites} failed</Badge> : null}{' '}
              {row.pendingWrites ? <Badge tone="info">{row.pendingWrites} waiting</Badge> : null}
              {!row.failedWrites && !row.pendingWrites ? (
                <span className="muted small">—</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
