import type { WizardStepProps } from '../types';
import { ApiKeyStep } from './ApiKeyStep';
import { AuthorizeStep } from './AuthorizeStep';

/** The sign-in chosen in the first step: authorize in Lever, or paste an API key. */
export function CredentialStep(props: WizardStepProps) {
  return props.draft.authMode === 'oauth' ? (
    <AuthorizeStep {...props} />
  ) : (
    <ApiKeyStep {...props} />
  );
}
