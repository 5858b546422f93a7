import { ArrowRight, GitCompareArrows } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { MappingStatus } from '../../../../../../shared/domain/mapping';
import { call } from '../../../../lib/api';
import { navigate } from '../../../../lib/router';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { WriteUserPicker } from '../../components/WriteUserPicker';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Before Lever is written to: the user writes are made as, and the stage mapping to confirm. */
export function BeforeWritesStep({ draft, next }: WizardStepProps) {
  const connectionId = draft.connectionId!;
  const [mapping, setMapping] = useState<MappingStatus | null>(null);
  useEffect(() => {
    void call('mapping:get', { connectionId })
      .then((view) => setMapping(view.status))
      .catch(() => setMapping(null));
  }, [connectionId]);
  const confirmed = Boolean(mapping?.confirmedAt);
  return (
    <>
      <p>
        Lever attributes everything the console writes to one of its users, and writes only go out
        once the stage mapping is confirmed. Both can wait; until then the console only reads.
      </p>
      <WriteUserPicker connectionId={connectionId} ats={draft.info.label} />
      <Banner
        tone={confirmed ? 'success' : 'warning'}
        title={
          confirmed
            ? 'The stage mapping is confirmed.'
            : 'Stage mapping is required before any write to Lever.'
        }
        action={
          <Button
            size="sm"
            icon={<GitCompareArrows size={14} aria-hidden />}
            onClick={() => navigate('/mapping', { connection: connectionId })}
          >
            Open stage mapping
          </Button>
        }
      >
        {confirmed
          ? 'Stage changes will be synced both ways as mapped.'
          : 'Map each Kula stage to Lever and each Lever stage to Kula, then confirm the mapping. Until then the console moves nothing in Lever.'}
      </Banner>
      <StepActions>
        <Button variant="primary" icon={<ArrowRight size={16} aria-hidden />} onClick={next}>
          Continue
        </Button>
      </StepActions>
    </>
  );
}
