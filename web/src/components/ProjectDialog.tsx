// Create or edit a project: its name and colour. An edit sends only what
// changed, with If-Match; when the project changed elsewhere meanwhile
// (412) the user's fields go over the current version and are saved again.

import { useEffect, useId, useState, type FormEvent } from 'react';
import { createProject, getProject, updateProject } from '../api/projects';
import { ApiError, describeError } from '../api/errors';
import { PROJECT_COLORS, type Project, type ProjectColor, type ProjectPatch } from '../api/types';
import { COLOR_LABEL, DEFAULT_COLOR, normalizeColor, PROJECT_NAME_MAX, validateProjectName } from '../lib/projects';
import { ConfirmDialog } from './ConfirmDialog';
import { Dialog, DialogHeader } from './Dialog';
import { describedBy, Field } from './Field';

export function ProjectDialog(props: {
  userId: string;
  /** the project to edit; absent for a new one */
  project: Project | null;
  projects: readonly Project[];
  onClose: () => void;
  onSaved: (project: Project, created: boolean) => void;
  onGone: (id: string) => void;
}) {
  const uid = useId();
  const titleId = `${uid}-title`;
  const nameId = `${uid}-name`;
  const editing = props.project !== null;
  const [name, setName] = useState(props.project?.name ?? '');
  const [color, setColor] = useState<ProjectColor>(normalizeColor(props.project?.color ?? DEFAULT_COLOR));
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(base: Project, patch: ProjectPatch): Promise<Project> {
    try {
      return await updateProject(props.userId, base.id, patch, base.version);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 412)) throw e;
      // changed elsewhere: mine over the current version, once
      const current = await getProject(props.userId, base.id);
      return updateProject(props.userId, base.id, patch, current.version);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setFormError(null);
    const problem = validateProjectName(name, props.projects, props.project?.id);
    if (problem) {
      setNameError(problem);
      document.getElementById(nameId)?.focus();
      return;
    }
    setSaving(true);
    try {
      const trimmed = name.trim();
      if (!props.project) {
        const created = await createProject(props.userId, { name: trimmed, color });
        props.onSaved(created, true);
      } else {
        const patch: ProjectPatch = {};
        if (trimmed !== props.project.name) patch.name = trimmed;
        if (color !== normalizeColor(props.project.color)) patch.color = color;
        if (Object.keys(patch).length) props.onSaved(await save(props.project, patch), false);
      }
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // the name is taken (by another tab, say), or the user has 200 projects
        const fe = err.fieldErrors();
        if (fe.name || props.projects.length < 200) {
          setNameError('You already have a project with this name.');
          document.getElementById(nameId)?.focus();
        } else setFormError('You have 200 projects, the most there can be. Delete one first.');
      } else if (err instanceof ApiError && err.status === 404 && props.project) {
        setFormError('This project no longer exists — it was deleted elsewhere.');
        props.onGone(props.project.id);
      } else if (err instanceof ApiError && err.status === 422) {
        const fe = err.fieldErrors();
        if (fe.name) {
          setNameError(fe.name);
          document.getElementById(nameId)?.focus();
        } else setFormError(describeError(err));
      } else setFormError(describeError(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog labelledBy={titleId} onClose={props.onClose} className="dialog-small" testId="project-dialog">
      <form onSubmit={submit} noValidate data-testid="project-form" className="project-form">
        <DialogHeader titleId={titleId} title={editing ? 'Edit project' : 'New project'} onClose={props.onClose} />
        <div className="dialog-body">
          <Field id={nameId} label="Name" error={nameError} errorTestId="field-error-project-name">
            <input
              id={nameId}
              data-testid="project-form-name"
              type="text"
              data-autofocus
              autoComplete="off"
              maxLength={PROJECT_NAME_MAX + 20}
              value={name}
              aria-invalid={!!nameError || undefined}
              aria-describedby={describedBy(nameId, undefined, nameError)}
              onChange={(e) => {
                setName(e.target.value);
                if (nameError) setNameError(null);
              }}
            />
          </Field>
          <fieldset className="field color-field">
            <legend>Colour</legend>
            <div className="swatches" data-testid="project-form-colors">
              {PROJECT_COLORS.map((c) => (
                <label key={c} className={`swatch pc-${c} ${color === c ? 'on' : ''}`} title={COLOR_LABEL[c]}>
                  <input type="radio" name={`${uid}-color`} value={c} data-testid={`project-color-${c}`} checked={color === c} onChange={() => setColor(c)} />
                  <span className="swatch-dot" aria-hidden="true" />
                  <span className="sr-only">{COLOR_LABEL[c]}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {formError && (
            <p className="form-error" role="alert" data-testid="project-form-error">
              {formError}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" data-testid="project-form-cancel" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="project-form-save" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save' : 'Create project'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Delete a project: its tasks go to the inbox (the default) or to the
 * trash. The number of its tasks is asked afresh (the sidebar's may be a
 * moment old).
 */
export function DeleteProjectDialog(props: {
  userId: string;
  project: Project;
  onClose: () => void;
  onConfirm: (deleteTasks: boolean, taskCount: number) => Promise<void>;
}) {
  const uid = useId();
  const [trashTasks, setTrashTasks] = useState(false);
  const [n, setN] = useState(props.project.task_count);
  useEffect(() => {
    let live = true;
    getProject(props.userId, props.project.id)
      .then((p) => live && setN(p.task_count))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.userId, props.project.id]);
  const tasks = `${n} task${n === 1 ? '' : 's'}`;

  return (
    <ConfirmDialog
      title={<>Delete project “{props.project.name}”?</>}
      message={n > 0 ? `It holds ${tasks}. The project itself cannot be restored.` : 'It holds no tasks. The project itself cannot be restored.'}
      confirmLabel="Delete project"
      onConfirm={() => props.onConfirm(trashTasks, n)}
      onClose={props.onClose}
      testIds={{ dialog: 'delete-project-dialog', cancel: 'cancel-delete-project', confirm: 'confirm-delete-project' }}
    >
      {n > 0 && (
        <fieldset className="delete-choice">
          <legend>What happens to its {tasks}</legend>
          <label>
            <input type="radio" name={`${uid}-tasks`} data-testid="delete-project-move" checked={!trashTasks} onChange={() => setTrashTasks(false)} />
            <span>Move them to the Inbox</span>
          </label>
          <label>
            <input type="radio" name={`${uid}-tasks`} data-testid="delete-project-trash" checked={trashTasks} onChange={() => setTrashTasks(true)} />
            <span>Delete them too (they go to the Trash for 30 days)</span>
          </label>
        </fieldset>
      )}
    </ConfirmDialog>
  );
}
