import { ArrowRight, Briefcase, GitCompareArrows, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ResourceStatus } from '../../../../../../shared/domain/ats';
import { call } from '../../../../lib/api';
import { count } from '../../../../lib/format';
import { navigate } from '../../../../lib/router';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

const ENTITY_WORDS: Record<string, string> = {
  plans: 'plans',
  stages: 'stages',
  archiveReasons: 'archive reasons',
};

/** What the import cached, and where to go next. */
export function DoneStep({ draft }: WizardStepProps) {
  const [resources, setResources] = useState<ResourceStatus[]>([]);
  useEffect(() => {
    if (draft.connectionId)
      void call('sync:status', { connectionId: draft.connectionId }).then((status) =>
        setResources(status.resources),
      );
  }, [draft.connectionId]);
  return (
    <>
      <Banner tone="success" title={`${draft.info.label} is connected and imported.`}>
        Later syncs read only what changed. Next, check how {draft.info.label}’s stages map to
        Kula’s.
      </Banner>
      <dl className="facts" data-testid="import-summary">
        {resources.map((resource) => (
          <div key={resource.name} className="facts-row">
            <dt>{resource.label}</dt>
            <dd>
              {Object.keys(resource.counts).length > 1
                ? Object.entries(resource.counts)
                    .map(([entity, value]) => `${count(value)} ${ENTITY_WORDS[entity] ?? entity}`)
                    .join(' · ')
                : count(resource.cached)}
            </dd>
          </div>
        ))}
      </dl>
      <StepActions>
        <Button icon={<Briefcase size={16} aria-hidden />} onClick={() => navigate('/jobs')}>
          Jobs
        </Button>
        <Button icon={<Users size={16} aria-hidden />} onClick={() => navigate('/candidates')}>
          Candidates
        </Button>
        <Button
          icon={<GitCompareArrows size={16} aria-hidden />}
          onClick={() => navigate('/mapping')}
        >
          Stage mapping
        </Button>
        <Button
          variant="primary"
          icon={<ArrowRight size={16} aria-hidden />}
          onClick={() => navigate('/connections')}
        >
          Done
        </Button>
      </StepActions>
    </>
  );
}
