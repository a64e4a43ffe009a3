// "?": the keyboard shortcuts of the task page.

import { useId } from 'react';
import { SHORTCUTS } from '../lib/shortcuts';
import { Dialog } from './Dialog';

export function ShortcutsDialog(props: { onClose: () => void }) {
  const titleId = useId();
  return (
    <Dialog labelledBy={titleId} onClose={props.onClose} className="dialog-small" testId="shortcuts-dialog">
      <div className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          Keyboard shortcuts
        </h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={props.onClose} data-autofocus>
          ×
        </button>
      </div>
      <div className="dialog-body">
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.key} className="shortcut" data-testid="shortcut" data-key={s.key}>
              <dt>
                <kbd>{s.key}</kbd>
              </dt>
              <dd>{s.description}</dd>
            </div>
          ))}
        </dl>
        <p className="field-hint shortcut-note">Shortcuts work when you are not typing in a field. Escape closes dialogs and panels.</p>
      </div>
    </Dialog>
  );
}
