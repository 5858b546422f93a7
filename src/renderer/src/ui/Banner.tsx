import type { ReactNode } from 'react';
import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';

const ICONS = {
  info: Info,
  success: CheckCircle2,
  warning: AlertTriangle,
  danger: XCircle,
} as const;

/** An inline message. Errors say what happened and, in `action`, what to do next. */
export function Banner({
  tone = 'info',
  title,
  children,
  action,
}: {
  tone?: keyof typeof ICONS;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  const Icon = ICONS[tone];
  return (
    <div className={`banner banner-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon size={18} aria-hidden className="banner-icon" />
      <div className="banner-content">
        {title ? <strong className="banner-title">{title}</strong> : null}
        {children ? <div>{children}</div> : null}
        {action ? <div className="banner-action">{action}</div> : null}
      </div>
    </div>
  );
}
