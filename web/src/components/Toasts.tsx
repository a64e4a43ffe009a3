// The toast stack (polite live region; errors are alerts). It is docked
// below the scrolling page (see .shell in styles.css), never over it, so a
// toast cannot hide the list's buttons and stays reachable.

import { dismissToast, useToasts } from '../state/toasts';
import { ActionBar } from './ActionBar';
import { CloseIcon } from './Icons';

export function Toasts() {
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
          data-key={t.key}
        >
          <div className="toast-body">
            <div className="toast-text">
              {t.title && <strong className="toast-title">{t.title}</strong>}
              <span data-testid="toast-message">{t.message}</span>
            </div>
            <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
              <CloseIcon width={14} height={14} />
            </button>
          </div>
          {t.actions && t.actions.length > 0 && <ActionBar actions={t.actions} label={t.title ?? 'Actions'} onDone={() => dismissToast(t.id)} />}
        </div>
      ))}
    </div>
  );
}
