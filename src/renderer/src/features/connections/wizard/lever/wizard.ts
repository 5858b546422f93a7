import { COMMON_STEPS } from '../common/steps';
import type { WizardDefinition, WizardStep } from '../types';
import { BeforeWritesStep } from './BeforeWritesStep';
import { CredentialStep } from './CredentialStep';
import { MethodStep } from './MethodStep';

const done = COMMON_STEPS.find((step) => step.id === 'done') as WizardStep;

/**
 * Lever: sign in through the company's Lever OAuth app (a Super Admin accepts the permissions in
 * the browser), or paste an API key. After the common steps and the import, the admin chooses the
 * Lever user writes are attributed to and is reminded that writes wait for a confirmed mapping.
 */
export const leverWizard: WizardDefinition = {
  provider: 'lever',
  title: 'Connect Lever',
  steps: [
    { id: 'method', title: 'Sign-in method', Component: MethodStep },
    {
      id: 'credential',
      title: (draft) => (draft.authMode === 'oauth' ? 'Authorize in Lever' : 'API key'),
      Component: CredentialStep,
    },
    ...COMMON_STEPS.filter((step) => step !== done),
    { id: 'writes', title: 'Before writing', Component: BeforeWritesStep },
    done,
  ],
};
