import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { reportUncaughtErrors } from './lib/error-report';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/mapping.css';
import './styles/mapping-review.css';
import './styles/mapping-pipeline.css';
import './styles/widgets.css';
import './styles/ats.css';
import './styles/workspace.css';
import './styles/sync-log.css';
import './styles/health.css';
import './styles/oauth.css';
import './styles/crash.css';

reportUncaughtErrors();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="app">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
