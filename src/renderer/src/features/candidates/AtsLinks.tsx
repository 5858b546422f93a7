import { ExternalLink } from 'lucide-react';
import { useState } from 'react';
import type { AtsLink } from '../../../../shared/domain/kula';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import { call } from '../../lib/api';

/**
 * The ATS icon of a Kula candidate: one per ATS they are linked to, opening their profile there in
 * the system browser (main opens only ATS addresses).
 */
export function AtsLinks({ name, links }: { name: string; links: AtsLink[] }) {
  const [refused, setRefused] = useState(false);
  if (links.length === 0) return <span className="ats-links muted small">Not in an ATS</span>;
  return (
    <span className="ats-links">
      {links.map((link) => {
        const ats = PROVIDER_LABELS[link.provider] ?? link.connectionLabel;
        return (
          <button
            key={link.connectionId}
            type="button"
            className={`ats-icon ats-icon-${link.provider}`}
            data-testid="ats-icon"
            disabled={!link.profileUrl}
            title={
              link.profileUrl
                ? `Open ${name} in ${ats} (${link.connectionLabel})`
                : `${ats} gave no profile link`
            }
            onClick={(event) => {
              event.stopPropagation();
              if (!link.profileUrl) return;
              void call('links:open-external', { url: link.profileUrl }).then((result) =>
                setRefused(!result.opened),
              );
            }}
          >
            <span aria-hidden className="ats-icon-mark">
              {ats.slice(0, 1)}
            </span>
            {/* The name a screen reader hears starts with the word shown, as voice control expects. */}
            {ats}
            <span className="sr-only">: open {name}’s profile</span>
            <ExternalLink size={12} aria-hidden />
          </button>
        );
      })}
      {refused ? <span className="small text-danger">The link was not an ATS address.</span> : null}
    </span>
  );
}
