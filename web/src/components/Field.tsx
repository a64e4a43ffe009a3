// A labelled form field with hint and error wired up for screen readers.

import type { ReactNode } from 'react';

export function fieldIds(id: string) {
  return { hint: `${id}-hint`, error: `${id}-error` };
}

/** aria-describedby value for an input with optional hint/error. */
export function describedBy(id: string, hint?: ReactNode, error?: string | null): string | undefined {
  const ids = fieldIds(id);
  const parts = [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  errorTestId?: string;
  children: ReactNode;
  className?: string;
}) {
  const ids = fieldIds(props.id);
  return (
    <div className={`field ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p id={ids.hint} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={ids.error} className="field-error" data-testid={props.errorTestId}>
          {props.error}
        </p>
      )}
    </div>
  );
}
