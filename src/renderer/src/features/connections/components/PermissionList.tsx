import { CircleCheck, CircleHelp, CircleX } from 'lucide-react';
import type { PermissionCheck } from '../../../../../shared/domain/connections';

/** The permissions a check found; a missing one says which features it turns off. */
export function PermissionList({ permissions }: { permissions: PermissionCheck[] }) {
  return (
    <ul className="permission-list" aria-label="Permissions">
      {permissions.map((permission) => {
        const state =
          permission.granted === true
            ? 'granted'
            : permission.granted === false
              ? 'missing'
              : 'unknown';
        const Icon = state === 'granted' ? CircleCheck : state === 'missing' ? CircleX : CircleHelp;
        return (
          <li key={permission.name} className={`permission permission-${state}`}>
            <Icon size={18} aria-hidden className="permission-icon" />
            <div>
              <div className="permission-name">
                {permission.label ?? permission.name}
                <span className="sr-only">
                  {state === 'granted'
                    ? ' (granted)'
                    : state === 'missing'
                      ? ' (missing)'
                      : ' (not known)'}
                </span>
              </div>
              <div className="permission-features">
                {state === 'granted'
                  ? permission.features.join(' · ')
                  : `${state === 'missing' ? 'Missing, so these stay off' : 'Not confirmed; if missing, these fail'}: ${permission.features.join('; ')}.`}
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function permissionSummary(permissions: PermissionCheck[]): {
  granted: number;
  missing: number;
  unknown: number;
} {
  return {
    granted: permissions.filter((permission) => permission.granted === true).length,
    missing: permissions.filter((permission) => permission.granted === false).length,
    unknown: permissions.filter((permission) => permission.granted === 'unknown').length,
  };
}
