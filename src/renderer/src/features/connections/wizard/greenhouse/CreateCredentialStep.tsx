import { KeyRound } from 'lucide-react';
import { Banner } from '../../../../ui/Banner';
import { Button } from '../../../../ui/Button';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** The scopes the console uses, and what stays off without each (see docs/greenhouse.md). */
const SCOPES: Array<[string, string]> = [
  [
    'users, jobs, job_interview_stages, candidates, applications, sources, rejection_reasons: list',
    'the import; without one of them that part is not imported',
  ],
  [
    'notes, attachments, referrers: list',
    'checks that avoid duplicate notes and resumes, and referral credit',
  ],
  [
    'candidates: create, applications: create and update',
    'creating candidates and applications from Kula flows',
  ],
  ['applications: move, reject, unreject', 'moving applications when a Kula stage changes'],
  ['notes: create', 'copying Kula notes and messages'],
  ['attachments: create', 'attaching resumes'],
];

/** Where Greenhouse's credential is made: a Harvest V3 (OAuth) client id and secret with scopes. */
export function CreateCredentialStep({ next, back }: WizardStepProps) {
  return (
    <>
      <p>
        The console connects to Greenhouse’s Harvest API with a credential made for Kula. A Site
        Admin creates it in Greenhouse:
      </p>
      <ol className="steps-list">
        <li>
          Open <strong>Configure</strong> (the gear) → <strong>Dev Center</strong> →{' '}
          <strong>API Credentials</strong>, and click <strong>Create new API credentials</strong>.
        </li>
        <li>
          Choose the API type <strong>Harvest V3 (OAuth)</strong>, name it “Kula”, and save. Copy
          the <strong>client id</strong> and the <strong>client secret</strong>.
        </li>
        <li>
          Click <strong>Manage scopes</strong> and tick these (each missing one turns off what it is
          for):
          <ul data-testid="greenhouse-scopes">
            {SCOPES.map(([scopes, purpose]) => (
              <li key={scopes}>
                <span className="mono">{scopes}</span>: {purpose}.
              </li>
            ))}
          </ul>
        </li>
        <li>
          Note the id of the Site Admin the console will act as: the number in their address under{' '}
          <strong>Configure → Users</strong>. Greenhouse lists records only to Site Admins, and
          shows this user as the author of everything the console writes.
        </li>
      </ol>
      <Banner tone="warning" title="Greenhouse shows the client secret only once.">
        Copy it before you leave the page. If the credential is limited to trusted IP addresses, the
        console works only from those networks.
      </Banner>
      <StepActions>
        <Button onClick={back}>Cancel</Button>
        <Button variant="primary" icon={<KeyRound size={16} aria-hidden />} onClick={next}>
          I have the credential
        </Button>
      </StepActions>
    </>
  );
}
