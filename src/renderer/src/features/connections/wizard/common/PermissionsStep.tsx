import { Banner } from '../../../../ui/Banner';
import { PermissionList, permissionSummary } from '../../components/PermissionList';
import type { WizardStepProps } from '../types';
import { RecheckFooter, useRecheck } from './recheck';

/** What the credential may do in the ATS, and what stays off until a missing permission is granted. */
export function PermissionsStep(props: WizardStepProps) {
  const { draft, next, back } = props;
  const { busy, error, recheck } = useRecheck(props);
  const check = draft.check;
  if (!check) return null;
  const summary = permissionSummary(check.permissions);
  const oauth = draft.authMode === 'oauth';
  return (
    <>
      {summary.missing === 0 && summary.unknown === 0 ? (
        <Banner
          tone="success"
          title={
            oauth
              ? `${draft.info.label} granted every permission the console uses.`
              : 'The key has every permission the console uses.'
          }
        >
          {check.accountLabel
            ? oauth
              ? `${check.accountLabel}.`
              : `${draft.info.label} calls this key “${check.accountLabel}”.`
            : null}
        </Banner>
      ) : (
        <Banner
          tone="warning"
          title={
            summary.missing > 0
              ? `${summary.missing} permission${summary.missing === 1 ? ' is' : 's are'} missing${summary.unknown ? `, ${summary.unknown} could not be confirmed` : ''}.`
              : `${summary.unknown} permission${summary.unknown === 1 ? '' : 's'} could not be confirmed.`
          }
        >
          {oauth
            ? `You can continue: the features below stay off until a ${draft.info.label} Super Admin reconnects and accepts every permission.`
            : `You can continue: the features below stay off until a ${draft.info.label} admin enables the permission on the key. Then choose “Check again” (here or later on the Connections page).`}
        </Banner>
      )}
      {check.notes?.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      <PermissionList permissions={check.permissions} />
      <RecheckFooter error={error} busy={busy} recheck={recheck} back={back} next={next} />
    </>
  );
}
