import {
  AlertTriangle,
  ArrowDownToLine,
  ArrowUpFromLine,
  Bug,
  CircleDot,
  Info,
  XCircle,
} from 'lucide-react';
import type { LogDirection, LogLevel } from '../../../../shared/domain/runs';

const LEVELS: Record<LogLevel, { label: string; icon: typeof Info }> = {
  error: { label: 'Error', icon: XCircle },
  warn: { label: 'Warning', icon: AlertTriangle },
  info: { label: 'Info', icon: Info },
  debug: { label: 'Detail', icon: Bug },
};

export function LevelTag({ level }: { level: LogLevel }) {
  const { label, icon: Icon } = LEVELS[level];
  return (
    <span className={`log-level log-level-${level}`}>
      <Icon size={13} aria-hidden />
      {label}
    </span>
  );
}

const DIRECTIONS: Record<LogDirection, { label: string; short: string; icon: typeof Info }> = {
  pull: { label: 'From the ATS', short: 'In', icon: ArrowDownToLine },
  push: { label: 'To the ATS', short: 'Out', icon: ArrowUpFromLine },
  none: { label: 'Run event', short: 'Run', icon: CircleDot },
};

/** The direction as an icon with a short word; `long` spells it out (the drawer). */
export function DirectionTag({
  direction,
  long = false,
}: {
  direction: LogDirection;
  long?: boolean;
}) {
  const { label, short, icon: Icon } = DIRECTIONS[direction];
  return (
    <span className={`log-direction log-direction-${direction}`} title={long ? undefined : label}>
      <Icon size={13} aria-hidden />
      <span>{long ? label : short}</span>
    </span>
  );
}
