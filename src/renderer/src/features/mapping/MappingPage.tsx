import { GitCompareArrows } from 'lucide-react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { navigate, useRoute } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Select } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { MappingEditor } from './MappingEditor';
import { PipelineEditor } from './PipelineEditor';

/**
 * `#/mapping?connection=ID`: both mapping tables of a connection. `#/mapping/pipeline`: Kula's own
 * stages. Both work offline: they read and write the local database only.
 */
export function MappingPage() {
  const route = useRoute();
  const connections = useAppStore((state) => state.connections);
  const loaded = useAppStore((state) => state.loaded);
  const onPipeline = route.path === '/mapping/pipeline';
  const wanted = route.params.get('connection');
  const connection = connections.find((candidate) => candidate.id === wanted) ?? connections[0];

  return (
    <>
      <PageHeader
        title="Stage mapping"
        description="Where a candidate lands on each side when their stage changes: ATS → Kula and Kula → ATS."
        actions={
          !onPipeline && connections.length > 1 && connection ? (
            <label className="connection-picker">
              <span className="muted small">Connection</span>
              <Select
                value={connection.id}
                onChange={(event) => navigate('/mapping', { connection: event.target.value })}
              >
                {connections.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.label} ({PROVIDER_LABELS[candidate.provider]})
                  </option>
                ))}
              </Select>
            </label>
          ) : null
        }
      />
      <nav className="tabs" aria-label="Stage mapping sections">
        <a
          className={`tab ${onPipeline ? '' : 'tab-active'}`}
          aria-current={onPipeline ? undefined : 'page'}
          href={
            connection ? `#/mapping?connection=${encodeURIComponent(connection.id)}` : '#/mapping'
          }
        >
          Mapping tables
        </a>
        <a
          className={`tab ${onPipeline ? 'tab-active' : ''}`}
          aria-current={onPipeline ? 'page' : undefined}
          href="#/mapping/pipeline"
        >
          Kula pipeline
        </a>
      </nav>
      {onPipeline ? (
        <PipelineEditor />
      ) : connection ? (
        <MappingEditor key={connection.id} connectionId={connection.id} />
      ) : loaded ? (
        <Card>
          <EmptyState icon={<GitCompareArrows size={28} />} title="Nothing to map yet">
            <p>
              Connect an ATS first. Once its stages are imported, both mapping tables appear here
              with defaults you can verify and adjust. Kula's own stages can be edited under Kula
              pipeline meanwhile.
            </p>
          </EmptyState>
        </Card>
      ) : null}
    </>
  );
}
