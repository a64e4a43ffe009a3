// The toast stack (polite live region; errors are alerts).

import { dismissToast, useToasts } from '../state/toasts';
import { CloseIcon } from './Icons';

export function Toasts() {
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={t.kind}>
          <div className="toast-text">
            {t.title && <strong className="toast-title">{t.title}</strong>}
            <span>{t.message}</span>
          </div>
          {t.action && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                t.action?.run();
                dismissToast(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            <CloseIcon width={14} height={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
