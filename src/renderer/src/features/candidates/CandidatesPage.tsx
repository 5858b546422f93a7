import { Users } from 'lucide-react';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function CandidatesPage() {
  return (
    <>
      <PageHeader
        title="Candidates"
        description="Everyone in the local cache: Kula candidates and the ATS candidates they are linked to."
      />
      <Card>
        <EmptyState icon={<Users size={28} />} title="No candidates cached yet">
          <p>Connect an ATS to import its candidates, or add candidates to a flow.</p>
        </EmptyState>
      </Card>
    </>
  );
}
