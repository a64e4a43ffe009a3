// A row of action buttons; an action with choices opens them in place
// (a disclosure, not a floating menu, so nothing is covered).

import { useId, useState } from 'react';
import type { ToastAction } from '../state/toasts';

export function ActionBar(props: { actions: ToastAction[]; onDone?: () => void; label?: string }) {
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const uid = useId();

  const run = async (fn: () => void | Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
      props.onDone?.();
    } catch {
      /* the action shows its own error */
    } finally {
      setBusy(false);
      setOpenIndex(null);
    }
  };

  const open = openIndex !== null ? props.actions[openIndex] : undefined;

  return (
    <div className="action-bar" role="group" aria-label={props.label}>
      <div className="action-row">
        {props.actions.map((a, i) =>
          a.choices ? (
            <button
              key={a.label}
              type="button"
              className={`btn btn-small ${openIndex === i ? 'btn-active' : ''}`}
              data-testid={a.testId}
              aria-expanded={openIndex === i}
              aria-controls={`${uid}-choices`}
              disabled={busy}
              onClick={() => setOpenIndex(openIndex === i ? null : i)}
            >
              {a.label}…
            </button>
          ) : (
            <button key={a.label} type="button" className="btn btn-small" data-testid={a.testId} disabled={busy} onClick={() => a.run && void run(a.run)}>
              {a.label}
            </button>
          ),
        )}
      </div>
      {open?.choices && (
        <ul id={`${uid}-choices`} className="action-choices" aria-label={open.label}>
          {open.choices.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                data-testid="snooze-option"
                data-choice={c.id}
                disabled={busy || !!c.disabledReason}
                title={c.disabledReason}
                onClick={() => void run(c.run)}
              >
                {c.label}
                {c.disabledReason ? <span className="sr-only"> ({c.disabledReason})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
