import { AlertTriangle, RotateCcw } from 'lucide-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { reportError } from '../lib/error-report';
import { Button } from '../ui/Button';

interface Props {
  /** `page`: one page failed, the rest of the window works; `app`: the whole window. */
  scope: 'page' | 'app';
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Catches an error while rendering what it wraps, shows a plain message with Reload instead of a
 * blank window, and sends the error to main's log. Around the whole window and around each page,
 * so one failing page leaves the sidebar, the status bar and the other pages working; the page
 * boundary is keyed on the route, so opening another page starts it afresh.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportError('render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const app = this.props.scope === 'app';
    const message = (
      <div className={app ? 'crash crash-app' : 'crash'} role="alert">
        <AlertTriangle size={28} aria-hidden className="crash-icon" />
        <h1 className="crash-title">
          {app ? 'The console could not show this window' : 'This page could not be shown'}
        </h1>
        <p>
          Something went wrong while showing it. The error was written to the console’s log, and
          automatic syncs keep running. Reload the window
          {app ? '' : ', or open another page from the menu on the left'}. If it happens again,
          choose Help → Save Diagnostics… and send the file to support.
        </p>
        <div className="crash-actions">
          <Button
            variant="primary"
            icon={<RotateCcw size={16} aria-hidden />}
            onClick={() => window.location.reload()}
          >
            Reload
          </Button>
          {app ? null : <Button onClick={() => this.setState({ error: null })}>Try again</Button>}
        </div>
        <details className="crash-details">
          <summary>Details for support</summary>
          <pre className="mono">{error.message}</pre>
        </details>
      </div>
    );
    // In place of the whole window, the message is the window's main content.
    return app ? <main>{message}</main> : message;
  }
}
