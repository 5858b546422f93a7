import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function StatusDot({ tone, label }: { tone: Tone; label: string }) {
  return (
    <span className="status-dot-wrap">
      <span className={`status-dot status-dot-${tone}`} aria-hidden />
      {label}
    </span>
  );
}
