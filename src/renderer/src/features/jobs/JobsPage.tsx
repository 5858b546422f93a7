import { Briefcase, Lock } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { JobList } from '../../../../shared/domain/ats';
import { call, describeError, onStale } from '../../lib/api';
import { count, timeAgo } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { TextInput } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { ConnectionPicker } from '../candidates/ConnectionPicker';

type Filter = 'all' | 'open' | 'closed';

/** Cached jobs with their open/closed state and application counts. Works offline. */
export function JobsPage() {
  const connections = useAppStore((state) => state.connections);
  const [connectionId, setConnectionId] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [list, setList] = useState<JobList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      call('ats:list-jobs', {
        ...(connectionId ? { connectionId } : {}),
        status: filter,
        ...(search.trim() ? { search: search.trim() } : {}),
      })
        .then((result) => {
          if (!current) return;
          setList(result);
          setError(null);
        })
        .catch((caught: unknown) => {
          if (current) setError(describeError(caught).message);
        });
    void load();
    const off = onStale(['ats:list-jobs'], () => void load());
    return () => {
      current = false;
      off();
    };
  }, [connectionId, filter, search]);

  const counts = list?.counts ?? { all: 0, open: 0, closed: 0 };
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Jobs in the ATS, from the local cache. Only open jobs can be linked to a Kula flow."
        actions={
          <ConnectionPicker
            connections={connections}
            value={connectionId ?? list?.connectionId ?? undefined}
            onChange={setConnectionId}
          />
        }
      />
      {error ? <Banner tone="danger">{error}</Banner> : null}
      {list && counts.all === 0 ? (
        <Card>
          <EmptyState icon={<Briefcase size={28} />} title="No jobs cached yet">
            <p>
              Connect an ATS and let the first import finish; its jobs then appear here, open ones
              first.
            </p>
          </EmptyState>
        </Card>
      ) : (
        <Card>
          <div className="toolbar">
            <SegmentedControl
              label="Show"
              value={filter}
              onChange={setFilter}
              options={[
                { value: 'all', label: `All ${count(counts.all)}` },
                { value: 'open', label: `Open ${count(counts.open)}` },
                { value: 'closed', label: `Closed ${count(counts.closed)}` },
              ]}
            />
            <TextInput
              type="search"
              aria-label="Search jobs"
              placeholder="Search by title"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
          <table className="table" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Department</th>
                <th>Location</th>
                <th>Status</th>
                <th className="num">Applications</th>
                <th className="num">Active</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {list?.jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <span className="job-title">
                      {job.title}
                      {job.confidential ? (
                        <span title="Confidential job" className="inline-icon">
                          <Lock size={13} aria-label="Confidential" />
                        </span>
                      ) : null}
                    </span>
                  </td>
                  <PlaceCell name={job.department} />
                  <PlaceCell name={job.location} />
                  <td>
                    <Badge tone={job.isOpen ? 'success' : 'neutral'}>{job.status}</Badge>
                  </td>
                  <td className="num">{count(job.applications)}</td>
                  <td className="num">{count(job.activeApplications)}</td>
                  <td className="muted">{timeAgo(job.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list && list.jobs.length === 0 ? <p className="muted">No job matches.</p> : null}
        </Card>
      )}
    </>
  );
}

/** A department or location: its name, or a dash the screen reader reads as "not given". */
function PlaceCell({ name }: { name: string | null }) {
  return name ? (
    <td>{name}</td>
  ) : (
    <td className="muted">
      <span aria-hidden="true">—</span>
      <span className="sr-only">Not given</span>
    </td>
  );
}
