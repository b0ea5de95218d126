/**
 * One polite live region that is always in the page, for what a screen reader would otherwise not
 * hear: a live region that appears already filled (the `a` chord's hint) is ignored by most screen
 * readers, and selecting with `x` changes nothing in the focused row's name. Each message is a new
 * node (keyed by its sequence number), so the same words said twice are heard twice.
 */
import { useEffect, useState } from 'react';
import { senderOf } from '../../src-shared/decision-text';
import { useActions } from '../actions/context';
import { useFiltersStore } from '../state/filters';
import { useViewStore } from '../state/view';
import { readVisible } from '../state/visible';
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

/** How long the search and filters must rest before how many requests they show is said. */
export const SHOWN_SAID_MS = 700;

/** "12 of 300 shown", or that none match: what the filter bar's count says, for a screen reader. */
export function shownText(shown: number, total: number): string {
  return shown === 0 && total > 0 ? `No requests match, ${total} hidden by the search or filters` : `${shown} of ${total} shown`;
}

export function LiveAnnouncer() {
  const actions = useActions();
  const [said, setSaid] = useState<{ text: string; seq: number }>({ text: '', seq: 0 });
  useEffect(() => {
    const say = (text: string | null) => {
      if (text) setSaid((s) => ({ text, seq: s.seq + 1 }));
    };
    // The search and filters: how many requests they leave, once typing rests (not per keystroke).
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubFilters = useFiltersStore.subscribe((s, p) => {
      const tab = useViewStore.getState().tab;
      // Filters restored from settings at start-up are not the operator's doing now.
      if (s.byTab[tab] === p.byTab[tab] || s.hydrated !== p.hydrated) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const vis = readVisible();
        say(shownText(vis.rows.length, vis.tabTotal));
      }, SHOWN_SAID_MS);
    });
    const unsubView = useViewStore.subscribe((s, p) => {
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
    return () => {
      unsubFilters();
      unsubView();
      if (timer) clearTimeout(timer);
    };
  }, [actions]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {said.text ? <span key={said.seq}>{said.text}</span> : null}
    </div>
  );
}
