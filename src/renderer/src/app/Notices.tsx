import { X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { AppNotice } from '../../../shared/domain/app';
import { subscribe } from '../lib/api';
import { useAppStore } from '../stores/app-store';

interface Shown extends AppNotice {
  key: number;
}

const KNOWN_ROUTE = /^\/(log|connections|health|audit|settings|mapping)(\?.*)?$/;

/**
 * Notices from main (a scheduled sync failed, a connection needs reconnecting) shown in the window
 * (the shell adds a desktop notification when the window is in the background), and main's
 * requests to show a page (a click on that desktop notification).
 */
export function Notices() {
  const [shown, setShown] = useState<Shown[]>([]);
  /** Notices whose connection the list has shown awaiting a new credential. */
  const awaiting = useRef(new Set<number>());
  useEffect(() => {
    let next = 0;
    const offs = [
      subscribe('app:notice', (notice) => {
        const key = ++next;
        const status = useAppStore
          .getState()
          .connections.find((item) => item.id === notice.credentialOf)?.status;
        if (status === 'needs_reauth' || status === 'needs_reconnect') awaiting.current.add(key);
        setShown((list) => [...list.slice(-2), { ...notice, key }]);
        if (notice.level === 'info') {
          window.setTimeout(
            () => setShown((list) => list.filter((item) => item.key !== key)),
            8000,
          );
        }
      }),
      subscribe('app:navigate', ({ route }) => {
        if (KNOWN_ROUTE.test(route)) window.location.hash = route;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);
  // Withdrawn once the connection list shows the connection awaiting a new credential and then
  // no longer (reconnected, disconnected or removed): a list fetched before the notice may still
  // say "connected", so that alone proves nothing.
  useEffect(
    () =>
      useAppStore.subscribe(({ connections }, previous) => {
        if (connections === previous.connections) return;
        setShown((list) => {
          const resolved = list.filter((notice) => {
            if (!notice.credentialOf) return false;
            const status = connections.find((item) => item.id === notice.credentialOf)?.status;
            if (status === 'needs_reauth' || status === 'needs_reconnect') {
              awaiting.current.add(notice.key);
              return false;
            }
            return awaiting.current.has(notice.key);
          });
          if (resolved.length === 0) return list;
          for (const notice of resolved) awaiting.current.delete(notice.key);
          return list.filter((notice) => !resolved.includes(notice));
        });
      }),
    [],
  );
  if (shown.length === 0) return null;
  const dismiss = (key: number) => setShown((list) => list.filter((item) => item.key !== key));
  return (
    <div className="notices" aria-live="assertive">
      {shown.map((notice) => (
        <div key={notice.key} className={`notice notice-${notice.level}`} role="alert">
          <div className="notice-text">
            <strong>{notice.title}</strong>
            <span>{notice.body}</span>
            {notice.route && KNOWN_ROUTE.test(notice.route) ? (
              <a href={`#${notice.route}`} onClick={() => dismiss(notice.key)}>
                {notice.route.startsWith('/log') ? 'Open the log' : 'Open'}
              </a>
            ) : null}
          </div>
          <button
            type="button"
            className="notice-close"
            aria-label="Dismiss"
            onClick={() => dismiss(notice.key)}
          >
            <X size={14} aria-hidden />
          </button>
        </div>
      ))}
    </div>
  );
}
