import { Banner } from '../../../../ui/Banner';
import { SetupChecklist } from '../../components/SetupChecklist';
import type { WizardStepProps } from '../types';
import { RecheckFooter, useRecheck } from './recheck';

/** What must be set up in the ATS before the console writes to it. */
export function SetupStep(props: WizardStepProps) {
  const { draft, next, back } = props;
  const { busy, error, recheck } = useRecheck(props);
  const items = draft.check?.setup ?? [];
  const pending = items.filter((item) => !item.ok).length;
  return (
    <>
      {pending === 0 ? (
        <Banner
          tone="success"
          title={`Everything is set up in ${draft.info.label} for the console.`}
        >
          Applications the console creates will be tagged so recruiters can see where they came
          from.
        </Banner>
      ) : (
        <Banner tone="warning" title={`Something to set up in ${draft.info.label} first.`}>
          Do it now and choose “Check again”, or continue and do it later: until then the console
          imports and shows data, but does not create candidates or applications in{' '}
          {draft.info.label}.
        </Banner>
      )}
      <SetupChecklist items={items} />
      <RecheckFooter error={error} busy={busy} recheck={recheck} back={back} next={next} />
    </>
  );
}
