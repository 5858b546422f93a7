import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../shared/domain/app';
import { subscribe } from '../lib/api';

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
  useEffect(() => {
    let next = 0;
    const offs = [
      subscribe('app:notice', (notice) => {
        const key = ++next;
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
