// Chips input with suggestions (a combobox): Enter or "," adds, Backspace on
// an empty field removes the last chip, arrows pick a suggestion.
//
// The suggestion list is part of the layout (below the input, pushing what
// follows down) rather than floating over it, so it can never cover — and
// swallow clicks meant for — another control. It closes after a choice, on
// Escape, when focus leaves the field, and on a press outside it; a press
// outside closes it only once that press has been delivered, so the control
// that was pressed does not move away under the pointer.

import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { addTags, normalizeTag, tagProblem } from '../lib/tags';
import { CloseIcon } from './Icons';

export function TagInput(props: {
  id: string;
  value: string[];
  onChange: (tags: string[]) => void;
  suggestions: readonly string[];
  testId: string;
  chipTestId: string;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  /** Enter on an empty field submits the surrounding form (default true). */
  enterSubmits?: boolean;
  /**
   * Leaving the field adds what was typed (default true: a form keeps a
   * tag typed before "Save"). A filter keeps the text instead: a half-typed
   * tag is not a filter, and adding it would move what is below under the
   * pointer that just pressed it.
   */
  commitOnBlur?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  /** a pointer went down outside while the list was open; close once it is released */
  const pressOutside = useRef(false);

  const options = useMemo(() => {
    const q = normalizeTag(text);
    return props.suggestions
      .filter((t) => !props.value.includes(t) && (q === '' || t.includes(q)))
      .sort((a, b) => Number(!a.startsWith(q)) - Number(!b.startsWith(q)))
      .slice(0, 8);
  }, [props.suggestions, props.value, text]);

  const showList = open && options.length > 0;

  const close = useCallback(() => {
    setOpen(false);
    setActive(-1);
  }, []);

  useEffect(() => {
    if (!showList) return;
    const down = (e: PointerEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) pressOutside.current = true;
    };
    const up = () => {
      if (!pressOutside.current) return;
      pressOutside.current = false;
      // after the click that this release causes has been dispatched
      setTimeout(close, 0);
    };
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointerup', up, true);
    document.addEventListener('pointercancel', up, true);
    return () => {
      pressOutside.current = false;
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointerup', up, true);
      document.removeEventListener('pointercancel', up, true);
    };
  }, [showList, close]);

  function commit(raw: string): boolean {
    if (!raw.trim()) return false;
    const p = tagProblem(raw, props.value);
    if (p) {
      setProblem(p);
      return false;
    }
    props.onChange(addTags(props.value, normalizeTag(raw)));
    setText('');
    setProblem(null);
    // a choice was made: the list goes away until the next keystroke (after
    // the release, when the choice came with a press outside: see above)
    if (!pressOutside.current) close();
    return true;
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'Enter': {
        if (showList && active >= 0 && options[active]) {
          e.preventDefault();
          commit(options[active]);
        } else if (text.trim()) {
          e.preventDefault();
          commit(text);
        } else if (props.enterSubmits === false) {
          e.preventDefault();
        }
        break;
      }
      case ',':
        e.preventDefault();
        commit(text);
        break;
      case 'Backspace':
        if (!text && props.value.length > 0) props.onChange(props.value.slice(0, -1));
        break;
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        setActive((a) => (options.length ? (a + 1) % options.length : -1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((a) => (options.length ? (a <= 0 ? options.length - 1 : a - 1) : -1));
        break;
      case 'Escape':
        if (showList) {
          e.preventDefault(); // close the list, not the dialog
          e.stopPropagation();
          close();
        }
        break;
    }
  }

  return (
    <div ref={wrapRef} className={`tag-input ${props.invalid || problem ? 'is-invalid' : ''}`}>
      {props.value.length > 0 && (
        <ul className="chips" aria-label="Selected tags">
          {props.value.map((t) => (
            <li key={t} className="chip" data-testid={props.chipTestId}>
              <span>#{t}</span>
              <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => props.onChange(props.value.filter((x) => x !== t))}>
                <CloseIcon width={14} height={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combo">
        <input
          id={props.id}
          data-testid={props.testId}
          type="text"
          role="combobox"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={[props.describedBy, problem ? `${props.id}-tagproblem` : null].filter(Boolean).join(' ') || undefined}
          aria-invalid={props.invalid || !!problem || undefined}
          placeholder={props.placeholder ?? 'Add a tag and press Enter'}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
            setProblem(null);
          }}
          onFocus={() => {
            // back to a half-typed tag: show its suggestions again
            if (text.trim()) setOpen(true);
          }}
          onBlur={() => {
            if (text.trim() && props.commitOnBlur !== false) commit(text);
            // a press outside closes the list when it is released (see above)
            if (!pressOutside.current) close();
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" className="suggestions" hidden={!showList} aria-label="Tag suggestions">
          {options.map((t, i) => (
            <li
              key={t}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault(); // keep focus in the input
                commit(t);
              }}
            >
              #{t}
            </li>
          ))}
        </ul>
      </div>
      {problem && (
        <p id={`${props.id}-tagproblem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
