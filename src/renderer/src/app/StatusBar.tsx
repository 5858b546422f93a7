import { RefreshCw, Wifi, WifiOff } from 'lucide-react';
import { timeAgo } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { Button } from '../ui/Button';

/** Always visible: network state, the last sync, and the manual sync button. */
export function StatusBar() {
  const online = useAppStore((state) => state.online);
  const connections = useAppStore((state) => state.connections);
  const runs = useAppStore((state) => state.recentRuns);
  const lastRun = runs[0];
  const noConnections = connections.length === 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-item ${online ? '' : 'status-offline'}`}>
        {online ? <Wifi size={14} aria-hidden /> : <WifiOff size={14} aria-hidden />}
        {online ? 'Online' : 'Offline: showing cached data; changes wait for the next sync'}
      </span>
      <span className="status-item" data-testid="last-sync">
        Last sync: {lastRun ? `${timeAgo(lastRun.startedAt)} (${lastRun.status})` : 'never'}
      </span>
      <span className="status-spacer" />
      <Button
        size="sm"
        variant="ghost"
        icon={<RefreshCw size={14} aria-hidden />}
        disabled
        title={noConnections ? 'Connect an ATS first' : 'Sync runs from the Connections page'}
      >
        Sync now
      </Button>
    </footer>
  );
}
