import { PasteKeyStep } from '../common/PasteKeyStep';
import { COMMON_STEPS } from '../common/steps';
import type { WizardDefinition } from '../types';
import { CreateKeyStep } from './CreateKeyStep';

/** Ashby's first steps: where the key comes from, then paste and check it. */
export const ashbyWizard: WizardDefinition = {
  provider: 'ashby',
  title: 'Connect Ashby',
  steps: [
    { id: 'create-key', title: 'Create a key', Component: CreateKeyStep },
    { id: 'paste-key', title: 'Paste the key', Component: PasteKeyStep },
    ...COMMON_STEPS,
  ],
};
