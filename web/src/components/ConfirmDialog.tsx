// "Are you sure?" for destructive actions. `children` adds choices below the
// message (deleting a project asks where its tasks go).

import { useId, useState, type ReactNode } from 'react';
import { describeError } from '../api/errors';
import { Dialog } from './Dialog';

export interface ConfirmTestIds {
  dialog: string;
  cancel: string;
  confirm: string;
}

const defaultTestIds: ConfirmTestIds = { dialog: 'confirm-dialog', cancel: 'cancel-delete', confirm: 'confirm-delete' };

export function ConfirmDialog(props: {
  title: ReactNode;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
  testIds?: ConfirmTestIds;
}) {
  const titleId = useId();
  const msgId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = props.testIds ?? defaultTestIds;

  return (
    <Dialog labelledBy={titleId} describedBy={msgId} onClose={props.onClose} role="alertdialog" className="dialog-small" testId={ids.dialog}>
      <div className="dialog-body">
        <h2 id={titleId} className="dialog-title">
          {props.title}
        </h2>
        <p id={msgId}>{props.message}</p>
        {props.children}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={props.onClose} data-testid={ids.cancel} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          data-testid={ids.confirm}
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
