import { NAV_ITEMS } from './navigation';
import { useRoute } from '../lib/router';

export function Sidebar() {
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
              >
                <Icon size={18} aria-hidden />
                {label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
