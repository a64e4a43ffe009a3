// A modal dialog on the native <dialog> element: focus stays inside,
// Escape closes, focus returns to where it was. Mark the element that
// should get focus first with data-autofocus.

import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog(props: {
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  role?: 'dialog' | 'alertdialog';
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    // React does not render the autofocus attribute, so showModal() would
    // focus the first button; move focus to the marked field instead.
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault(); // React state decides when it closes
      onClose.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${props.className ?? ''}`}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      role={props.role === 'alertdialog' ? 'alertdialog' : undefined}
      data-testid={props.testId}
      onMouseDown={(e) => {
        // a click on the backdrop (the dialog element itself) closes
        if (e.target === ref.current) onClose.current();
      }}
    >
      {props.children}
    </dialog>
  );
}

/** A dialog's title bar: its heading (the dialog's label) and a close button. */
export function DialogHeader(props: { titleId: string; title: ReactNode; onClose: () => void; autofocusClose?: boolean }) {
  return (
    <div className="dialog-header">
      <h2 id={props.titleId} className="dialog-title">
        {props.title}
      </h2>
      <button type="button" className="icon-btn" aria-label="Close" onClick={props.onClose} data-autofocus={props.autofocusClose || undefined}>
        ×
      </button>
    </div>
  );
}
