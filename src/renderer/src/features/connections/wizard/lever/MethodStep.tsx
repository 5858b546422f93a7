import { Button } from '../../../../ui/Button';
import { StepActions } from '../StepActions';
import type { WizardStepProps } from '../types';

/** How to connect Lever: through the company's OAuth app (recommended) or with an API key. */
export function MethodStep({ draft, update, next, back }: WizardStepProps) {
  const choices = [
    {
      mode: 'oauth' as const,
      title: 'Sign in with Lever (recommended)',
      text: 'A Lever Super Admin authorizes the console in the browser and can revoke it in Lever at any time. Needs the client id and secret of your company’s Lever OAuth app.',
    },
    {
      mode: 'api_key' as const,
      title: 'Use an API key',
      text: 'For accounts without an OAuth app: a key made in Lever’s settings (Integrations and API → API Credentials).',
    },
  ];
  return (
    <>
      <div className="choice-list" role="radiogroup" aria-label="How to connect Lever">
        {choices.map((choice) => (
          <label
            key={choice.mode}
            className={`choice ${draft.authMode === choice.mode ? 'choice-selected' : ''}`}
          >
            <input
              type="radio"
              name="lever-method"
              checked={draft.authMode === choice.mode}
              onChange={() => update({ authMode: choice.mode })}
            />
            <span>
              <strong>{choice.title}</strong>
              <span className="choice-text">{choice.text}</span>
            </span>
          </label>
        ))}
      </div>
      <StepActions>
        <Button onClick={back}>Back</Button>
        <Button variant="primary" onClick={next}>
          Continue
        </Button>
      </StepActions>
    </>
  );
}
