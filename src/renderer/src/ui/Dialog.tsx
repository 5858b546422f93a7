import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog> element: the browser makes the rest of the window inert
 * (focus stays inside), gives Escape and the backdrop, and needs no runtime styles. Opening
 * focuses the first control (or the one with `autoFocus`); closing gives the focus back to the
 * control that had it before, or, when that one is gone, to the page's heading. `onClose` runs
 * on Escape; the caller's actions close it. A dialog too long to show whole (`startAtTitle`)
 * puts the focus on its title instead, so it opens at its top rather than scrolled to a control.
 */
export function Dialog({
  open,
  title,
  children,
  actions,
  onClose,
  tone = 'neutral',
  startAtTitle = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  onClose: () => void;
  tone?: 'neutral' | 'danger';
  startAtTitle?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      if (startAtTitle) dialog.querySelector<HTMLElement>('.dialog-title')?.focus();
    }
    if (!open && dialog.open) {
      dialog.close();
      returnFocus(opener.current);
      opener.current = null;
    }
  }, [open, startAtTitle]);
  // Unmounted while open (the page changed): the focus must not stay on a removed element.
  useEffect(
    () => () => {
      if (ref.current?.open) returnFocus(opener.current);
    },
    [],
  );
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title" tabIndex={startAtTitle ? -1 : undefined}>
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      {actions ? <div className="dialog-actions">{actions}</div> : null}
    </dialog>
  );
}

function returnFocus(opener: HTMLElement | null): void {
  if (opener?.isConnected) {
    opener.focus();
    return;
  }
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (heading && (document.activeElement === document.body || !document.activeElement)) {
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus();
  }
}
