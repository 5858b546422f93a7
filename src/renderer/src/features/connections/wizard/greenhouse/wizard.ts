import { COMMON_STEPS } from '../common/steps';
import type { WizardDefinition, WizardStep } from '../types';
import { BeforeWritesStep } from './BeforeWritesStep';
import { CreateCredentialStep } from './CreateCredentialStep';
import { CredentialStep } from './CredentialStep';

const done = COMMON_STEPS.find((step) => step.id === 'done') as WizardStep;

/**
 * Greenhouse: where the Harvest V3 credential is made and its scopes, then its client id, secret
 * and the Site Admin the console acts as; after the common steps and the import, the user writes
 * are made as and the mapping reminder.
 */
export const greenhouseWizard: WizardDefinition = {
  provider: 'greenhouse',
  title: 'Connect Greenhouse',
  steps: [
    { id: 'create-credential', title: 'Create a credential', Component: CreateCredentialStep },
    { id: 'credential', title: 'Client id and secret', Component: CredentialStep },
    ...COMMON_STEPS.filter((step) => step !== done),
    { id: 'writes', title: 'Before writing', Component: BeforeWritesStep },
    done,
  ],
};
