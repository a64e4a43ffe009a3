// Repeat: none / presets / custom (every N units, weekdays for weekly); an
// existing rule the editor cannot show is kept as it is.

import { useId } from 'react';
import { parseLocal } from '../lib/datetime';
import {
  describeRecurrence,
  FREQS,
  unitLabel,
  WEEKDAY_LABEL,
  WEEKDAY_LONG,
  WEEKDAYS,
  buildRecurrence,
  type Freq,
  type Recurrence,
  type Weekday,
} from '../lib/rrule';

type Choice = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' | 'custom' | 'raw';

function choiceOf(r: Recurrence): Choice {
  return r.kind === 'preset' ? r.freq : r.kind;
}

/** Weekday of a "YYYY-MM-DDTHH:mm" wall-clock date (Monday if none). */
export function weekdayOf(local: string): Weekday {
  const w = parseLocal(local);
  if (!w) return 'MO';
  const js = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(js + 6) % 7] ?? 'MO';
}

export function RecurrenceEditor(props: {
  id: string;
  value: Recurrence;
  /** the rule the task had when the form opened, offered again if it was raw */
  original: Recurrence;
  onChange: (r: Recurrence) => void;
  dueLocal: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const uid = useId();
  const choice = choiceOf(props.value);
  const raw = props.value.kind === 'raw' ? props.value : props.original.kind === 'raw' ? props.original : null;

  function pick(c: Choice) {
    switch (c) {
      case 'none':
        return props.onChange({ kind: 'none' });
      case 'raw':
        return raw && props.onChange(raw);
      case 'custom': {
        const prev = props.value;
        if (prev.kind === 'custom') return;
        const freq: Freq = prev.kind === 'preset' ? prev.freq : 'WEEKLY';
        return props.onChange({ kind: 'custom', freq, interval: 1, byDay: freq === 'WEEKLY' ? [weekdayOf(props.dueLocal)] : [] });
      }
      default:
        return props.onChange({ kind: 'preset', freq: c });
    }
  }

  const custom = props.value.kind === 'custom' ? props.value : null;

  return (
    <div className="recurrence">
      <select
        id={props.id}
        data-testid="task-form-recurrence"
        value={choice}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => pick(e.target.value as Choice)}
      >
        <option value="none">Does not repeat</option>
        <option value="DAILY">Daily</option>
        <option value="WEEKLY">Weekly</option>
        <option value="MONTHLY">Monthly</option>
        <option value="YEARLY">Yearly</option>
        <option value="custom">Custom…</option>
        {raw && <option value="raw">Keep current rule ({raw.rule})</option>}
      </select>

      {custom && (
        <fieldset className="recurrence-custom">
          <legend className="sr-only">Custom repeat</legend>
          <div className="inline-fields">
            <label htmlFor={`${uid}-interval`}>Every</label>
            <input
              id={`${uid}-interval`}
              data-testid="task-form-recurrence-interval"
              type="number"
              inputMode="numeric"
              min={1}
              max={999}
              value={Number.isFinite(custom.interval) ? custom.interval : ''}
              onChange={(e) => props.onChange({ ...custom, interval: e.target.value === '' ? NaN : Math.floor(Number(e.target.value)) })}
              className="input-narrow"
            />
            <label htmlFor={`${uid}-unit`} className="sr-only">
              Unit
            </label>
            <select
              id={`${uid}-unit`}
              data-testid="task-form-recurrence-unit"
              value={custom.freq}
              onChange={(e) => {
                const freq = e.target.value as Freq;
                props.onChange({ ...custom, freq, byDay: freq === 'WEEKLY' ? (custom.byDay.length ? custom.byDay : [weekdayOf(props.dueLocal)]) : [] });
              }}
            >
              {FREQS.map((f) => (
                <option key={f} value={f}>
                  {unitLabel(f, custom.interval !== 1)}
                </option>
              ))}
            </select>
          </div>
          {custom.freq === 'WEEKLY' && (
            <fieldset className="weekdays">
              <legend>On</legend>
              {WEEKDAYS.map((d) => {
                const on = custom.byDay.includes(d);
                return (
                  <label key={d} className={`weekday ${on ? 'on' : ''}`} title={WEEKDAY_LONG[d]}>
                    <input
                      type="checkbox"
                      data-testid={`task-form-weekday-${d}`}
                      checked={on}
                      aria-label={WEEKDAY_LONG[d]}
                      onChange={() =>
                        props.onChange({ ...custom, byDay: on ? custom.byDay.filter((x) => x !== d) : [...custom.byDay, d] })
                      }
                    />
                    <span aria-hidden="true">{WEEKDAY_LABEL[d].slice(0, 2)}</span>
                  </label>
                );
              })}
            </fieldset>
          )}
          <p className="field-hint" data-testid="task-form-recurrence-summary">
            {describeRecurrence(buildRecurrence(custom))} · <code>{buildRecurrence(custom) ?? ''}</code>
          </p>
        </fieldset>
      )}
    </div>
  );
}
