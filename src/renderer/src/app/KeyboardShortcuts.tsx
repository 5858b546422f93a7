import { useEffect } from 'react';
import { navigate } from '../lib/router';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { focusPageSearch, focusSearchOnNextPage } from './page-focus';
import { SHORTCUTS, modifierLabel, pageAnswers, shortcutFor, type Shortcut } from './shortcuts';

/** Keys that work inside the widgets, for the panel (they need no modifier). */
const WIDGET_KEYS: Array<[keys: string, what: string]> = [
  ['Tab, Shift+Tab', 'Next and previous control; the first Tab offers “Skip to content”'],
  ['← → ↑ ↓', 'Choose in a group of options or tabs; move between the sync log’s lines'],
  ['Home, End, Page Up, Page Down', 'First, last, a screen up or down in the sync log'],
  ['Enter or Space', 'Open the sync log line that has the focus'],
  ['Space, arrows, Space', 'Stage mapping and pipeline: pick up a stage, move it, drop it'],
  ['Escape', 'Close a dialog or the sync log’s detail panel'],
];

const modifier = () => modifierLabel(navigator.platform);
const keysOf = (shortcut: Shortcut) =>
  [modifier(), shortcut.shift ? 'Shift' : null, shortcut.key].filter(Boolean).join('+');

/**
 * The console's keyboard shortcuts, wherever the focus is, and the panel that lists them (opened
 * by its own shortcut, the sidebar's button or the Help menu). Sync now presses the status bar's
 * button, so it does exactly what that button does, and nothing while it is disabled.
 */
export function KeyboardShortcuts({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut || !pageAnswers(shortcut, navigator.userAgent)) return;
      event.preventDefault();
      const { action } = shortcut;
      if (action.kind === 'shortcuts') onOpenChange(true);
      else if (action.kind === 'sync') {
        document.querySelector<HTMLButtonElement>('[data-shortcut="sync-now"]')?.click();
      } else if (action.kind === 'search') {
        if (focusPageSearch()) return;
        focusSearchOnNextPage();
        navigate('/candidates', { source: 'ats' });
      } else {
        onOpenChange(false);
        navigate(action.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onOpenChange]);

  return (
    <Dialog
      open={open}
      title="Keyboard shortcuts"
      startAtTitle
      onClose={() => onOpenChange(false)}
      actions={
        <Button variant="primary" onClick={() => onOpenChange(false)}>
          Close
        </Button>
      }
    >
      <table className="table compact shortcut-table">
        <caption className="sr-only">Shortcuts that work anywhere in the console</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.label}>
              <td className="nowrap">
                <kbd>{keysOf(shortcut)}</kbd>
              </td>
              <td>{shortcut.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="shortcut-subtitle">In lists, groups and dialogs</h3>
      <table className="table compact shortcut-table">
        <caption className="sr-only">Keys inside the controls</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {WIDGET_KEYS.map(([keys, what]) => (
            <tr key={keys}>
              <td className="nowrap">
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
