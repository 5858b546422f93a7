import { Keyboard } from 'lucide-react';
import { NAV_ITEMS } from './navigation';
import { useRoute } from '../lib/router';
import { SHORTCUTS, modifierLabel } from './shortcuts';

/** The aria-keyshortcuts value of the page's shortcut, so a screen reader says it with the link. */
function pageShortcut(path: string): string | undefined {
  const shortcut = SHORTCUTS.find(
    (item) => item.action.kind === 'page' && item.action.path === path,
  );
  if (!shortcut) return undefined;
  return `${modifierLabel(navigator.platform) === '⌘' ? 'Meta' : 'Control'}+${shortcut.key}`;
}

export function Sidebar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const route = useRoute();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          K
        </span>
        <div>
          <div className="brand-name">Kula</div>
          <div className="brand-sub">ATS Console</div>
        </div>
      </div>
      <ul className="nav-list">
        {NAV_ITEMS.map(({ path, label, icon: Icon }) => {
          const active = route.path === path || route.path.startsWith(`${path}/`);
          return (
            <li key={path}>
              <a
                href={`#${path}`}
                className={`nav-link ${active ? 'nav-link-active' : ''}`}
                aria-current={active ? 'page' : undefined}
                aria-keyshortcuts={pageShortcut(path)}
              >
                <Icon size={18} aria-hidden />
                {label}
              </a>
            </li>
          );
        })}
      </ul>
      <button type="button" className="nav-link sidebar-shortcuts" onClick={onShowShortcuts}>
        <Keyboard size={18} aria-hidden />
        Keyboard shortcuts
      </button>
    </nav>
  );
}
