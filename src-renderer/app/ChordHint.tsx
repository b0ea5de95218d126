import { useViewStore } from '../state/view';
import { useActions } from '../actions/context';

/** Shows the pending `a` chord and what can follow it. */
export function ChordHint() {
  const chord = useViewStore((s) => s.chord);
  const actions = useActions();
  if (chord !== 'a') return null;
  const matched = !!actions.cursorRow()?.matchedParticipantId;
  return (
    <div className="chord-hint" aria-live="polite">
      <kbd>a</kbd> Approve: <kbd>n</kbd> new participant · <kbd>e</kbd> existing participant{matched ? <> · <kbd>b</kbd> bind to matched</> : null} · <kbd>Esc</kbd> cancel
    </div>
  );
}
