import { Cable, Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ProviderInfo } from '../../../../shared/domain/connections';
import { call } from '../../lib/api';
import { navigate, useRoute } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { ConnectionCard } from './card/ConnectionCard';
import { ConnectWizard } from './wizard/ConnectWizard';
import { WIZARDS } from './wizard/registry';

/** `#/connections` lists them; `#/connections/new/<provider>` runs that ATS's wizard. */
export function ConnectionsPage() {
  const route = useRoute();
  const [, , sub, provider] = route.path.split('/');
  if (sub === 'new' && provider) return <ConnectWizard provider={provider} />;
  return <ConnectionList />;
}

function ConnectionList() {
  const connections = useAppStore((state) => state.connections);
  const loaded = useAppStore((state) => state.loaded);
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  useEffect(() => {
    void call('connections:providers').then(setProviders);
  }, []);
  const connectable = providers.filter((provider) => WIZARDS[provider.kind]);
  const connectButtons = connectable.map((provider) => (
    <Button
      key={provider.kind}
      variant="primary"
      icon={<Plus size={16} aria-hidden />}
      onClick={() => navigate(`/connections/new/${provider.kind}`)}
    >
      Connect {provider.label}
    </Button>
  ));
  return (
    <>
      <PageHeader
        title="Connections"
        description="The ATS accounts this console syncs with Kula."
        actions={connections.length > 0 ? connectButtons : undefined}
      />
      {loaded && connections.length === 0 ? (
        <Card>
          <EmptyState
            icon={<Cable size={28} />}
            title="No ATS connected yet"
            actions={connectButtons}
          >
            <p>
              Connect Ashby with an API key, Lever by signing in as a Lever Super Admin, or
              Greenhouse with a Harvest API credential. The console then imports jobs, stages,
              candidates and applications so you can map stages and review everything, even offline.
            </p>
          </EmptyState>
        </Card>
      ) : (
        <div className="card-grid card-grid-wide">
          {connections.map((connection) => (
            <ConnectionCard
              key={connection.id}
              connection={connection}
              provider={providers.find((provider) => provider.kind === connection.provider)}
            />
          ))}
        </div>
      )}
    </>
  );
}
