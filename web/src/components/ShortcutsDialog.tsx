// "?": the keyboard shortcuts of the task page.

import { useId } from 'react';
import { SHORTCUTS } from '../lib/shortcuts';
import { Dialog, DialogHeader } from './Dialog';

export function ShortcutsDialog(props: { onClose: () => void }) {
  const titleId = useId();
  return (
    <Dialog labelledBy={titleId} onClose={props.onClose} className="dialog-small" testId="shortcuts-dialog">
      <DialogHeader titleId={titleId} title="Keyboard shortcuts" onClose={props.onClose} autofocusClose />
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
