import { UserPlus, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import { call } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { TextInput } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { CandidateTable } from './CandidateTable';
import { SourceTabs } from './SourceTabs';

const PAGE = 100;

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
    ['candidates:list'],
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
      <SourceTabs active="kula">
        <ErrorBanner error={page.error} />
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
                Add people one by one or import a CSV file. In a flow linked to an ATS job, each
                gets an application there.
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
      </SourceTabs>
    </>
  );
}
