import type { ReactNode } from 'react';

/**
 * What an empty screen shows: what belongs here, and the next step to get it. Its title is a
 * second-level heading, right under the page's or beside a card's, so the outline never skips a
 * level wherever it sits.
 */
export function EmptyState({
  icon,
  title,
  children,
  actions,
}: {
  icon?: ReactNode;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="empty-state" role="status">
      {icon ? <div className="empty-state-icon">{icon}</div> : null}
      <h2>{title}</h2>
      <div className="empty-state-text">{children}</div>
      {actions ? <div className="empty-state-actions">{actions}</div> : null}
    </div>
  );
}
