import { useId, type KeyboardEvent, type Ref } from 'react';
import { LIMITS } from '../../../src-shared/domain';
import { CharCounter } from '../../ui/CharCounter';
import { noteProblem } from '../../lib/decision-validation';

/**
 * Whether a keydown in a decision form confirms it: Ctrl/Cmd+Enter anywhere, or Enter in an
 * empty note (there is no line to break yet). Enter in a note with text adds a line, as a
 * text area should; Shift+Enter always does.
 */
export function submitsForm(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return false;
  if (e.ctrlKey || e.metaKey) return true;
  const t = e.target as HTMLElement;
  return !e.shiftKey && !e.altKey && t.tagName === 'TEXTAREA' && (t as HTMLTextAreaElement).value === '';
}

/** The optional note with a live counter; over the limit it says so and the dialog blocks confirming (F19). */
export function NoteField({ value, onChange, hint, inputRef }: { value: string; onChange: (v: string) => void; hint?: string; inputRef?: Ref<HTMLTextAreaElement> }) {
  const id = useId();
  const problem = noteProblem(value);
  return (
    <div className="field">
      <label htmlFor={`${id}-note`}>Note</label>
      <textarea
        ref={inputRef}
        id={`${id}-note`}
        value={value}
        rows={3}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-count${hint ? ` ${id}-hint` : ''}${problem ? ` ${id}-err` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="field-foot">
        {hint ? (
          <span id={`${id}-hint`} className="muted">
            {hint}
          </span>
        ) : null}
        <CharCounter id={`${id}-count`} length={value.length} max={LIMITS.note} />
      </div>
      {problem ? (
        <p id={`${id}-err`} role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
