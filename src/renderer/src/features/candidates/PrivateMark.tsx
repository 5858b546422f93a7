import { Lock } from 'lucide-react';
import { Badge } from '../../ui/Badge';

/** Marks a note that never leaves the console. */
export function PrivateMark() {
  return (
    <Badge tone="warning">
      <Lock size={12} aria-hidden /> Private
    </Badge>
  );
}
