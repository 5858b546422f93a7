import { RefreshCw, Wifi, WifiOff } from 'lucide-react';
import { useState } from 'react';
import { call, errorText } from '../lib/api';
import { useAppStore } from '../stores/app-store';
import { isRunning, useSyncStore } from '../stores/sync-store';
import { Button } from '../ui/Button';
import { RunStatus } from './RunStatus';

/** Always visible: network state, the running sync or the last one, and the manual sync button. */
export function StatusBar() {
  const online = useAppStore((state) => state.online);
  const connections = useAppStore((state) => state.connections);
  const syncing = useSyncStore((state) => Object.values(state.runs).some(isRunning));
  const [notice, setNotice] = useState<string | null>(null);
  const syncable = connections.filter((connection) => connection.status === 'connected');
  const syncNow = async () => {
    setNotice(null);
    try {
      const result = await call('sync:start', {});
      if (result.skipped.length) setNotice(result.skipped.map((skip) => skip.reason).join(' '));
    } catch (error) {
      setNotice(errorText(error));
    }
  };
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-item ${online ? '' : 'status-offline'}`}>
        {online ? <Wifi size={14} aria-hidden /> : <WifiOff size={14} aria-hidden />}
        {online ? 'Online' : 'Offline: showing cached data; changes wait for the next sync'}
      </span>
      <RunStatus />
      {notice ? (
        <span className="status-item status-notice" role="status">
          {notice}
        </span>
      ) : null}
      <span className="status-spacer" />
      <Button
        size="sm"
        variant="ghost"
        icon={<RefreshCw size={14} aria-hidden />}
        busy={syncing}
        disabled={syncable.length === 0 || !online}
        title={
          connections.length === 0
            ? 'Connect an ATS first'
            : syncable.length === 0
              ? 'No connection can sync; see the Connections page'
              : 'Sync every connection now'
        }
        data-shortcut="sync-now"
        aria-keyshortcuts={/mac/i.test(navigator.platform) ? 'Meta+Shift+S' : 'Control+Shift+S'}
        onClick={() => void syncNow()}
      >
        {syncing ? 'Syncing' : 'Sync now'}
      </Button>
    </footer>
  );
}
