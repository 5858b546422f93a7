import { Workflow } from 'lucide-react';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function FlowsPage() {
  return (
    <>
      <PageHeader
        title="Flows"
        description="Kula outreach flows. A flow linked to an open ATS job creates an application for every candidate you add."
      />
      <Card>
        <EmptyState icon={<Workflow size={28} />} title="No flows yet">
          <p>
            Connect an ATS and import its jobs; then create a flow here and link it to an open job.
          </p>
        </EmptyState>
      </Card>
    </>
  );
}
