import { Cable } from 'lucide-react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { timeAgo } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { Badge, type Tone } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

const STATUS: Record<string, { tone: Tone; label: string }> = {
  connected: { tone: 'success', label: 'Connected' },
  needs_reauth: { tone: 'danger', label: 'Needs re-authorization' },
  needs_reconnect: { tone: 'warning', label: 'Needs reconnect' },
  disabled: { tone: 'neutral', label: 'Disabled' },
};

export function ConnectionsPage() {
  const connections = useAppStore((state) => state.connections);
  const loaded = useAppStore((state) => state.loaded);
  return (
    <>
      <PageHeader
        title="Connections"
        description="The ATS accounts this console syncs with Kula."
      />
      {loaded && connections.length === 0 ? (
        <Card>
          <EmptyState icon={<Cable size={28} />} title="No ATS connected yet">
            <p>
              Connect Ashby with an API key, or Lever by signing in as a Lever Super Admin. The
              console then imports jobs, stages, candidates and applications so you can map stages
              and review everything, even offline.
            </p>
          </EmptyState>
        </Card>
      ) : (
        <div className="card-grid">
          {connections.map((connection) => {
            const status = STATUS[connection.status] ?? {
              tone: 'neutral',
              label: connection.status,
            };
            return (
              <Card
                key={connection.id}
                title={connection.label}
                actions={<Badge tone={status.tone}>{status.label}</Badge>}
              >
                <dl className="facts">
                  <dt>ATS</dt>
                  <dd>{PROVIDER_LABELS[connection.provider]}</dd>
                  <dt>API host</dt>
                  <dd className="mono">{connection.baseUrl}</dd>
                  <dt>Last sync</dt>
                  <dd>{timeAgo(connection.lastSyncAt)}</dd>
                  <dt>Last success</dt>
                  <dd>{timeAgo(connection.lastSuccessAt)}</dd>
                </dl>
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
