import { PasteKeyStep } from '../common/PasteKeyStep';
import type { WizardStepProps } from '../types';

/** For accounts without an OAuth app: how to make a key in Lever, then paste and check it. */
export function ApiKeyStep(props: WizardStepProps) {
  return (
    <>
      <p>To create the key in Lever:</p>
      <ol className="steps-list">
        <li>
          Sign in to Lever as an admin and open <strong>Settings → Integrations and API</strong>.
        </li>
        <li>
          On the <strong>API Credentials</strong> tab, click <strong>Generate New Key</strong> and
          name it “Kula”.
        </li>
        <li>
          Allow: opportunities (read and write), postings, stages, users, sources, archive reasons,
          notes, files and resumes. Allow confidential data if confidential postings should be
          imported: Lever asks only now.
        </li>
        <li>Copy the key.</li>
      </ol>
      <PasteKeyStep {...props} />
    </>
  );
}
