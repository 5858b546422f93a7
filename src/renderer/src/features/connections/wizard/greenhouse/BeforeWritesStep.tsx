import { ArrowRight, GitCompareArrows } from 'lucide-react';
import { navigate } from '../../../../lib/router';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { WriteUserPicker } from '../../components/WriteUserPicker';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Before Greenhouse is written to: who the console acts as, and the stage mapping to review. */
export function BeforeWritesStep({ draft, next }: WizardStepProps) {
  const connectionId = draft.connectionId!;
  return (
    <>
      <p>
        Greenhouse shows every candidate, application, move and note the console adds as the work of
        the user it acts as. That user must be a Site Admin, or imports come back empty.
      </p>
      <WriteUserPicker connectionId={connectionId} ats={draft.info.label} />
      <Banner
        tone="info"
        title="Review the stage mapping before the first write."
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
        Each job in Greenhouse has its own stages. The defaults group them by name (Application
        Review, screens, interviews, Offer), and “Rejected” and “Not interested” reject the
        application with a reason. Moving an application runs the job’s stage rules in Greenhouse,
        which may send e-mails.
      </Banner>
      <StepActions>
        <Button variant="primary" icon={<ArrowRight size={16} aria-hidden />} onClick={next}>
          Continue
        </Button>
      </StepActions>
    </>
  );
}
