import type { RequestView } from '../../src-shared/domain';
import { senderOf } from '../../src-shared/decision-text';
import { useViewStore } from '../state/view';
import { useActions } from '../actions/context';
import { UserText } from '../ui/UserText';

/**
 * The `a` chord's words for screen readers (said by LiveAnnouncer when the chord starts: this hint
 * appears already filled, which a live region of its own would not be heard in).
 */
export function chordText(row: RequestView | null): string {
  const who = row ? ` ${senderOf(row)}` : '';
  const bind = row?.matchedParticipantId ? ', b to bind to the matched participant' : '';
  return `Approve${who}: n for a new participant, e for an existing participant${bind}, Escape to cancel`;
}

/** Shows that keys are held (a dialog closed under the operator), or the pending `a` chord, whom it approves (the cursor's request: the chord ends when that changes) and what can follow it. */
export function ChordHint() {
  const chord = useViewStore((s) => s.chord);
  const held = useViewStore((s) => s.keysHeld);
  const actions = useActions();
  if (held) {
    // Said once in words by the notice; here it stays in view for as long as it holds.
    return (
      <div className="chord-hint">
        Keys paused after the dialog closed · stop typing or press <kbd>Esc</kbd> to go on
      </div>
    );
  }
  if (chord !== 'a') return null;
  const row = actions.cursorRow();
  const matched = !!row?.matchedParticipantId;
  // Screen readers hear chordText from the page's live announcer; this is what is seen.
  return (
    <div className="chord-hint">
      <kbd>a</kbd> Approve{row ? <> <UserText text={row.displayName} empty="(no name)" max={40} /></> : null}: <kbd>n</kbd> new participant · <kbd>e</kbd> existing participant{matched ? <> · <kbd>b</kbd> bind to matched</> : null} · <kbd>Esc</kbd> cancel
    </div>
  );
}
