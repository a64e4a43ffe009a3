// "Are you sure?" for destructive actions.

import { useId, useState } from 'react';
import { describeError } from '../api/errors';
import { Dialog } from './Dialog';

export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const titleId = useId();
  const msgId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <Dialog labelledBy={titleId} describedBy={msgId} onClose={props.onClose} role="alertdialog" className="dialog-small" testId="confirm-dialog">
      <div className="dialog-body">
        <h2 id={titleId} className="dialog-title">
          {props.title}
        </h2>
        <p id={msgId}>{props.message}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={props.onClose} data-testid="cancel-delete" data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          data-testid="confirm-delete"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await props.onConfirm();
            } catch (e) {
              setError(describeError(e));
              setBusy(false);
            }
          }}
        >
          {busy ? 'Deleting…' : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
