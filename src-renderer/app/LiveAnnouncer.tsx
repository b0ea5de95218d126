/**
 * One polite live region that is always in the page, for what a screen reader would otherwise not
 * hear: a live region that appears already filled (the `a` chord's hint) is ignored by most screen
 * readers, and selecting with `x` changes nothing in the focused row's name. Each message is a new
 * node (keyed by its sequence number), so the same words said twice are heard twice.
 */
import { useEffect, useState } from 'react';
import { senderOf } from '../../src-shared/decision-text';
import { useActions } from '../actions/context';
import { useViewStore } from '../state/view';
import { chordText } from './ChordHint';

/** What a change of Pending's selection says: who was added or taken out, and how many are selected. */
export function selectionText(before: readonly string[], after: readonly string[], nameOf: (id: string) => string | null): string | null {
  if (before === after) return null;
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  const count = after.length === 0 ? 'none selected' : `${after.length} selected`;
  if (after.length === 0 && removed.length > 1) return 'Selection cleared';
  const one = (id: string, verb: string) => {
    const name = nameOf(id);
    return name ? `${name} ${verb}, ${count}` : count;
  };
  if (added.length === 1 && removed.length === 0) return one(added[0]!, 'selected');
  if (removed.length === 1 && added.length === 0) return one(removed[0]!, 'unselected');
  return added.length + removed.length > 0 ? count : null;
}

export function LiveAnnouncer() {
  const actions = useActions();
  const [said, setSaid] = useState<{ text: string; seq: number }>({ text: '', seq: 0 });
  useEffect(() => {
    const say = (text: string | null) => {
      if (text) setSaid((s) => ({ text, seq: s.seq + 1 }));
    };
    return useViewStore.subscribe((s, p) => {
      if (s.chord === 'a' && p.chord !== 'a') say(chordText(actions.cursorRow()));
      if (s.said !== p.said && s.said) say(s.said.text);
      // What the operator did; what the console did is said by its notices (a request decided elsewhere).
      if (s.selection !== p.selection && s.selectionBy === 'operator' && s.tab === 'PENDING' && p.tab === 'PENDING') {
        say(
          selectionText(p.selection, s.selection, (id) => {
            const row = actions.rowById(id);
            return row ? senderOf(row) : null;
          }),
        );
      }
    });
  }, [actions]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {said.text ? <span key={said.seq}>{said.text}</span> : null}
    </div>
  );
}
