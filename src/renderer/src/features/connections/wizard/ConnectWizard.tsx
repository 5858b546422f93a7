import { Check } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { ProviderInfo, ProviderKind } from '../../../../../shared/domain/connections';
import { call } from '../../../lib/api';
import { navigate } from '../../../lib/router';
import { Banner } from '../../../ui/Banner';
import { Card } from '../../../ui/Card';
import { PageHeader } from '../../../ui/PageHeader';
import { WIZARDS } from './registry';
import type { WizardDraft } from './types';

/** The connection wizard shell: a stepper and the current step of the ATS's definition. */
export function ConnectWizard({ provider }: { provider: string }) {
  const definition = WIZARDS[provider as ProviderKind];
  const [info, setInfo] = useState<ProviderInfo | null>(null);
  useEffect(() => {
    void call('connections:providers').then((all) =>
      setInfo(all.find((candidate) => candidate.kind === provider) ?? null),
    );
  }, [provider]);
  if (!definition) {
    return (
      <>
        <PageHeader title="Connect" />
        <Banner tone="danger" title={`The console cannot connect “${provider}” from here.`}>
          Go back to the Connections page and choose one of the offered systems.
        </Banner>
      </>
    );
  }
  return info ? (
    <Wizard definition={definition} info={info} />
  ) : (
    <PageHeader title={definition.title} />
  );
}

function Wizard({
  definition,
  info,
}: {
  definition: NonNullable<(typeof WIZARDS)[ProviderKind]>;
  info: ProviderInfo;
}) {
  const [index, setIndex] = useState(0);
  const [draft, setDraft] = useState<WizardDraft>({
    provider: definition.provider,
    info,
    baseUrl: '',
    apiKey: '',
    label: '',
    check: null,
    connectionId: null,
    runId: null,
  });
  const update = useCallback(
    (patch: Partial<WizardDraft>) => setDraft((current) => ({ ...current, ...patch })),
    [],
  );
  const next = useCallback(
    () => setIndex((current) => Math.min(current + 1, definition.steps.length - 1)),
    [definition],
  );
  const back = useCallback(() => {
    setIndex((current) => {
      const target = current - 1;
      // Nothing before saving can be redone once the connection exists.
      const saveIndex = definition.steps.findIndex((step) => step.id === 'save');
      if (target < 0) {
        navigate('/connections');
        return current;
      }
      return draft.connectionId && target <= saveIndex ? current : target;
    });
  }, [definition, draft.connectionId]);
  const step = definition.steps[index]!;
  const Step = step.Component;
  return (
    <>
      <PageHeader
        title={definition.title}
        description="Connect once; the console then keeps a local copy current with small, incremental syncs."
      />
      <ol className="stepper" aria-label="Steps">
        {definition.steps.map((candidate, i) => (
          <li
            key={candidate.id}
            className={`stepper-item ${i < index ? 'stepper-done' : i === index ? 'stepper-current' : ''}`}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="stepper-mark" aria-hidden>
              {i < index ? <Check size={14} /> : i + 1}
            </span>
            {candidate.title}
          </li>
        ))}
      </ol>
      <Card title={step.title} className="wizard-card" data-testid={`wizard-step-${step.id}`}>
        <Step draft={draft} update={update} next={next} back={back} />
      </Card>
    </>
  );
}
