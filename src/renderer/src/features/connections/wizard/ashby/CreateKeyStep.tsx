import { KeyRound } from 'lucide-react';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** Where Ashby's key comes from: how to create it for Kula, with the permissions it needs. */
export function CreateKeyStep({ next, back }: WizardStepProps) {
  return (
    <>
      <p>The console connects to Ashby with an API key made for Kula. To create it in Ashby:</p>
      <ol className="steps-list">
        <li>
          Sign in to Ashby and click <strong>Admin</strong> in the top bar.
        </li>
        <li>
          In the left panel click <strong>Integrations</strong>, then <strong>Integrations</strong>{' '}
          again to open the marketplace.
        </li>
        <li>
          Select <strong>Kula</strong> and click <strong>+ Create API key</strong>. Give it these
          permissions: Jobs: Read; Candidates: Read and Write; Interviews: Read; Hiring Process
          Metadata: Read; Organization: Read; Offers: Read (some Ashby accounts ask for it to list
          applications); API Keys: Read.
        </li>
        <li>Copy the key.</li>
      </ol>
      <Banner tone="warning" title="Ashby shows the key only once.">
        Copy it before you close Ashby’s dialog. The console keeps it encrypted on this computer and
        never shows it again; if it is lost, create a new one.
      </Banner>
      <StepActions>
        <Button onClick={back}>Cancel</Button>
        <Button variant="primary" icon={<KeyRound size={16} aria-hidden />} onClick={next}>
          I have the key
        </Button>
      </StepActions>
    </>
  );
}
