import { useViewStore } from '../state/view';
import { useActions } from '../actions/context';
import { UserText } from '../ui/UserText';

/** Shows the pending `a` chord, whom it approves (the cursor's request: the chord ends when that changes) and what can follow it. */
export function ChordHint() {
  const chord = useViewStore((s) => s.chord);
  const actions = useActions();
  if (chord !== 'a') return null;
  const row = actions.cursorRow();
  const matched = !!row?.matchedParticipantId;
  return (
    <div className="chord-hint" aria-live="polite">
      <kbd>a</kbd> Approve{row ? <> <UserText text={row.displayName} empty="(no name)" max={40} /></> : null}: <kbd>n</kbd> new participant · <kbd>e</kbd> existing participant{matched ? <> · <kbd>b</kbd> bind to matched</> : null} · <kbd>Esc</kbd> cancel
    </div>
  );
}
