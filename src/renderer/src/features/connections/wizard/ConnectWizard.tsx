import { Check } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProviderInfo, ProviderKind } from '../../../../../shared/domain/connections';
import { call } from '../../../lib/api';
import { navigate } from '../../../lib/router';
import { Banner } from '../../../ui/Banner';
import { Card } from '../../../ui/Card';
import { PageHeader } from '../../../ui/PageHeader';
import { WIZARDS } from './registry';
import type { WizardDraft, WizardStep } from './types';

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

interface Position {
  index: number;
  /** Steps the flow went through (they stay in the stepper even when skipped now). */
  visited: number[];
}

function moveTo(current: Position, target: number): Position {
  return {
    index: target,
    visited: current.visited.includes(target) ? current.visited : [...current.visited, target],
  };
}

function Wizard({
  definition,
  info,
}: {
  definition: NonNullable<(typeof WIZARDS)[ProviderKind]>;
  info: ProviderInfo;
}) {
  // The current step, and the steps the flow went through (they stay in the stepper).
  const [position, setPosition] = useState<Position>({
    index: 0,
    visited: [0],
  });
  const { index, visited } = position;
  const [draft, setDraft] = useState<WizardDraft>({
    provider: definition.provider,
    info,
    baseUrl: '',
    authMode: info.authModes[0] ?? 'api_key',
    apiKey: '',
    label: '',
    check: null,
    connectionId: null,
    runId: null,
  });
  // Steps decide whether they are skipped from the draft; a step often updates the draft and
  // moves on in one go, so the moves read the draft as just updated, not as last rendered.
  const latest = useRef(draft);
  const update = useCallback((patch: Partial<WizardDraft>) => {
    latest.current = { ...latest.current, ...patch };
    setDraft(latest.current);
  }, []);
  const skipped = useCallback(
    (i: number) => definition.steps[i]?.skip?.(latest.current) === true,
    [definition],
  );
  const next = useCallback(
    () =>
      setPosition((current) => {
        let target = current.index + 1;
        while (target < definition.steps.length - 1 && skipped(target)) target += 1;
        return moveTo(current, Math.min(target, definition.steps.length - 1));
      }),
    [definition, skipped],
  );
  const back = useCallback(() => {
    setPosition((current) => {
      let target = current.index - 1;
      while (target > 0 && skipped(target)) target -= 1;
      // Nothing before saving can be redone once the connection exists.
      const saveIndex = definition.steps.findIndex((step) => step.id === 'save');
      if (target < 0) {
        navigate('/connections');
        return current;
      }
      return latest.current.connectionId && target <= saveIndex ? current : moveTo(current, target);
    });
  }, [definition, skipped]);
  // A new step starts the keyboard at its title, unless the step put the focus in itself.
  const card = useRef<HTMLElement>(null);
  const shownStep = useRef(index);
  useEffect(() => {
    if (shownStep.current === index) return;
    shownStep.current = index;
    if (card.current?.contains(document.activeElement)) return;
    const heading = card.current?.querySelector<HTMLElement>('.card-title');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [index]);
  const step = definition.steps[index]!;
  const Step = step.Component;
  const title = (candidate: WizardStep) =>
    typeof candidate.title === 'function' ? candidate.title(draft) : candidate.title;
  // A step the flow went through stays in the stepper; one it will skip is left out.
  const shown = definition.steps
    .map((candidate, i) => ({ candidate, i }))
    .filter(({ candidate, i }) => visited.includes(i) || !candidate.skip?.(draft));
  return (
    <>
      <PageHeader
        title={definition.title}
        description="Connect once; the console then keeps a local copy current with small, incremental syncs."
      />
      <ol className="stepper" aria-label="Steps">
        {shown.map(({ candidate, i }, position) => (
          <li
            key={candidate.id}
            className={`stepper-item ${i < index ? 'stepper-done' : i === index ? 'stepper-current' : ''}`}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="stepper-mark" aria-hidden>
              {i < index ? <Check size={14} /> : position + 1}
            </span>
            {title(candidate)}
          </li>
        ))}
      </ol>
      <Card
        ref={card}
        title={title(step)}
        className="wizard-card"
        data-testid={`wizard-step-${step.id}`}
      >
        <Step draft={draft} update={update} next={next} back={back} />
      </Card>
    </>
  );
}
