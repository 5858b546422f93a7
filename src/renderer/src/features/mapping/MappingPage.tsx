import { GitCompareArrows } from 'lucide-react';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useAppStore } from '../../stores/app-store';

export function MappingPage() {
  const connections = useAppStore((state) => state.connections);
  return (
    <>
      <PageHeader
        title="Stage mapping"
        description="Where a candidate lands on each side when their stage changes: ATS → Kula and Kula → ATS."
      />
      <Card>
        <EmptyState icon={<GitCompareArrows size={28} />} title="Nothing to map yet">
          <p>
            {connections.length === 0
              ? 'Connect an ATS first. Once its stages are imported, both mapping tables appear here with defaults you can verify and adjust.'
              : 'The ATS stages appear here after the first import finishes.'}
          </p>
        </EmptyState>
      </Card>
    </>
  );
}
