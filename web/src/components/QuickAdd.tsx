// Quick add: one line ("Pay rent every month on the 1st 9am #bills p1
// remind me 1h before"). While typing, the server's preview says what it
// recognised (the phrases highlighted, the fields in words); Enter creates
// the task from the same text. The app never reads the text itself.

import { forwardRef, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/errors';
import { previewQuickAdd, quickAddTask } from '../api/tasks';
import type { Project, QuickAddResponse, QuickParsed } from '../api/types';
import { describeParsed, highlightSegments, MATCH_LABEL } from '../lib/quickAdd';
import { PlusIcon } from './Icons';

export const QUICK_ADD_EXAMPLE = 'Pay rent every month on the 1st 9am #bills p1 remind me 1h before';
const PREVIEW_DELAY_MS = 200;

function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c && typeof c.randomUUID === 'function' ? c.randomUUID() : `q-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The problem the server named on `text` (422), else its message. */
function textProblem(e: unknown): string {
  if (e instanceof ApiError && e.status === 422) {
    const fe = e.fieldErrors();
    return fe.text ?? fe.timezone ?? e.message;
  }
  return describeError(e);
}

type Preview = { text: string; parsed: QuickParsed } | null;

export const QuickAdd = forwardRef<
  HTMLInputElement,
  {
    userId: string;
    timeZone: string;
    projects: readonly Project[];
    /** the project view quick add is used in: a task without a #project goes there */
    currentProject: Project | null;
    onCreated: (created: QuickAddResponse) => void | Promise<void>;
  }
>(function QuickAdd(props, inputRef) {
  const uid = useId();
  const inputId = `${uid}-input`;
  const helpId = `${uid}-help`;
  const previewId = `${uid}-preview`;
  const errorId = `${uid}-error`;
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview>(null);
  const [previewProblem, setPreviewProblem] = useState<{ text: string; message: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** one key per text submitted: a retry of the same text cannot create it twice */
  const idem = useRef<{ text: string; key: string } | null>(null);

  const trimmed = text.trim();
  useEffect(() => {
    if (!trimmed) {
      setPreview(null);
      setPreviewProblem(null);
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      previewQuickAdd(props.userId, text, props.timeZone, ctrl.signal)
        .then((parsed) => {
          if (ctrl.signal.aborted) return;
          setPreview({ text, parsed });
          setPreviewProblem(null);
        })
        .catch((e) => {
          if (ctrl.signal.aborted) return;
          // 422: what the server cannot make a task of (said under the field); other failures: no preview
          if (e instanceof ApiError && e.status === 422) {
            setPreview(null);
            setPreviewProblem({ text, message: textProblem(e) });
          }
        })
        .finally(() => {
          if (!ctrl.signal.aborted) setLoading(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, trimmed, props.userId, props.timeZone]);

  const projectName = (id: string) => props.projects.find((p) => p.id === id)?.name;
  const shown = preview && trimmed ? preview : null;
  const current = !!shown && shown.text === text;
  const segments = useMemo(() => (shown ? highlightSegments(shown.text, shown.parsed.matches) : []), [shown]);
  const fields = useMemo(() => {
    if (!shown) return [];
    const list = describeParsed(shown.parsed, { timeZone: props.timeZone, projectName });
    if (props.currentProject && !shown.parsed.project_id && !shown.parsed.project) {
      list.push({ key: 'project', label: 'Project', value: `${props.currentProject.name} (this project)` });
    }
    return list;
    // projectName reads props.projects
  }, [shown, props.timeZone, props.projects, props.currentProject]);
  const state = !trimmed ? 'idle' : previewProblem && previewProblem.text === text ? 'invalid' : current ? 'ready' : shown || loading ? 'loading' : 'idle';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!trimmed) {
      setError('Type a task first, for example: “Call mom tomorrow 5pm”.');
      return;
    }
    setError(null);
    if (!idem.current || idem.current.text !== text) idem.current = { text, key: newKey() };
    setBusy(true);
    try {
      const created = await quickAddTask(props.userId, text, props.timeZone, idem.current.key);
      idem.current = null;
      setText('');
      setPreview(null);
      setPreviewProblem(null);
      await props.onCreated(created);
    } catch (err) {
      setError(textProblem(err));
    } finally {
      setBusy(false);
    }
  }

  const describedBy = [helpId, shown || state === 'invalid' ? previewId : null, error ? errorId : null].filter(Boolean).join(' ');

  return (
    <form className="quick-add" onSubmit={submit} noValidate data-testid="quick-add">
      <label htmlFor={inputId} className="quick-label">
        Quick add
      </label>
      <div className="quick-row">
        <input
          ref={inputRef}
          id={inputId}
          data-testid="quick-add-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          aria-keyshortcuts="q"
          maxLength={1000}
          placeholder={`e.g. ${QUICK_ADD_EXAMPLE}`}
          value={text}
          aria-invalid={!!error || undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text) {
              e.preventDefault();
              setText('');
              setError(null);
            }
          }}
        />
        <button type="submit" className="btn btn-primary quick-submit" data-testid="quick-add-submit" disabled={busy} aria-label="Add task">
          <PlusIcon width={16} height={16} />
          <span>{busy ? 'Adding…' : 'Add'}</span>
        </button>
      </div>
      <p id={helpId} className="field-hint quick-help">
        Dates, “every …”, p1–p3, @tag, #project and “remind me …” are recognised; Enter adds the task.
      </p>
      {(shown || state === 'invalid') && (
        <div id={previewId} className={`quick-preview ${state === 'loading' ? 'is-stale' : ''}`} data-testid="quick-add-preview" data-state={state}>
          {state === 'invalid' && previewProblem ? (
            <p className="quick-problem" data-testid="quick-add-problem">
              {previewProblem.message}
            </p>
          ) : (
            shown && (
              <>
                <p className="quick-text" data-testid="quick-add-highlight">
                  <span className="sr-only">Recognised: </span>
                  {segments.map((s, i) =>
                    s.kind ? (
                      <mark key={i} className={`qm qm-${s.kind}`} data-testid="quick-add-match" data-kind={s.kind} title={MATCH_LABEL[s.kind] ?? s.kind}>
                        {s.text}
                      </mark>
                    ) : (
                      <span key={i}>{s.text}</span>
                    ),
                  )}
                </p>
                <ul className="quick-fields" aria-label="What will be saved">
                  {fields.map((f) => (
                    <li key={f.key} className={`quick-field qf-${f.key}`} data-testid="quick-add-field" data-key={f.key}>
                      <span className="qf-label">{f.label}</span> <span className="qf-value">{f.value}</span>
                    </li>
                  ))}
                </ul>
              </>
            )
          )}
        </div>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert" data-testid="quick-add-error">
          {error}
        </p>
      )}
    </form>
  );
});
