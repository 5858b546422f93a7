import type { ProviderKind } from '../../../../../shared/domain/connections';
import { ashbyWizard } from './ashby/wizard';
import { greenhouseWizard } from './greenhouse/wizard';
import { leverWizard } from './lever/wizard';
import type { WizardDefinition } from './types';

/** The wizard of each ATS the console can connect from the window. Add a provider's here. */
export const WIZARDS: Partial<Record<ProviderKind, WizardDefinition>> = {
  ashby: ashbyWizard,
  lever: leverWizard,
  greenhouse: greenhouseWizard,
};
