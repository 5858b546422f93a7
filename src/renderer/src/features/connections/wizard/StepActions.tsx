import type { ReactNode } from 'react';

/** The buttons at the foot of a wizard step. */
export function StepActions({ children }: { children: ReactNode }) {
  return <div className="wizard-actions">{children}</div>;
}
