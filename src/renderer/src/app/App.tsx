import { useEffect, useState } from 'react';
import { AuditPage } from '../features/audit/AuditPage';
import { CandidatesPage } from '../features/candidates/CandidatesPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { FlowsPage } from '../features/flows/FlowsPage';
import { HealthPage } from '../features/health/HealthPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { MappingPage } from '../features/mapping/MappingPage';
import { OutboxPage } from '../features/outbox/OutboxPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SyncLogPage } from '../features/sync-log/SyncLogPage';
import { subscribe } from '../lib/api';
import { useRoute } from '../lib/router';
import { applyTheme } from '../lib/theme';
import { startAppStore, useAppStore } from '../stores/app-store';
import { startSyncStore } from '../stores/sync-store';
import { Banner } from '../ui/Banner';
import { ErrorBoundary } from './ErrorBoundary';
import { KeyboardShortcuts } from './KeyboardShortcuts';
import { Notices } from './Notices';
import { focusPageHeading, usePageFocus } from './page-focus';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

const PAGES: Record<string, () => React.JSX.Element> = {
  '/connections': ConnectionsPage,
  '/mapping': MappingPage,
  '/flows': FlowsPage,
  '/jobs': JobsPage,
  '/candidates': CandidatesPage,
  '/outbox': OutboxPage,
  '/log': SyncLogPage,
  '/health': HealthPage,
  '/audit': AuditPage,
  '/settings': SettingsPage,
};

export function App() {
  const route = useRoute();
  const loadError = useAppStore((state) => state.loadError);
  const theme = useAppStore((state) => state.settings?.theme ?? 'system');
  useEffect(() => {
    startAppStore();
    startSyncStore();
  }, []);
  useEffect(() => applyTheme(theme), [theme]);
  usePageFocus(route.path);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useEffect(() => subscribe('app:shortcuts', () => setShortcutsOpen(true)), []);
  const section = `/${route.path.split('/')[1] ?? ''}`;
  const Page = PAGES[section] ?? ConnectionsPage;
  return (
    <div className="app-shell">
      {/* The first Tab stop: past the sidebar's ten links to the page itself. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          focusPageHeading();
        }}
      >
        Skip to content
      </a>
      <Sidebar onShowShortcuts={() => setShortcutsOpen(true)} />
      <main className="main" id="main">
        {loadError ? <Banner tone="danger">{loadError}</Banner> : null}
        <ErrorBoundary key={section} scope="page">
          <Page />
        </ErrorBoundary>
      </main>
      <StatusBar />
      <Notices />
      <KeyboardShortcuts open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
    </div>
  );
}
