/** The single keydown listener that runs the shortcut table. */
import { useEffect } from 'react';
import type { Actions } from '../actions/actions';
import { isBusyPhase, useDecisionsStore } from '../state/decisions';
import { useNoticesStore } from '../state/notices';
import { CHORD_TIMEOUT_MS, useViewStore } from '../state/view';
import { isActivationTarget, isTypingTarget, strokeFor } from './keys';
import { matchStroke, type ShortcutContext } from './shortcuts';
import { CANNOT_DECIDE_HERE, senderOf } from '../../src-shared/decision-text';
import { truncateGraphemes } from '../lib/text';
import { workspaceNamesFor } from '../../src-shared/workspace-names';
import { useQueueStore } from '../state/queue';

export { CHORD_TIMEOUT_MS };

/** Builds the shortcut context from the stores as they are now. */
export function shortcutContext(actions: Actions, overrides: Partial<ShortcutContext> = {}): ShortcutContext {
  const v = useViewStore.getState();
  const d = useDecisionsStore.getState();
  const cursor = actions.cursorRow();
  return {
    actions,
    tab: v.tab,
    dialog: v.dialog?.kind ?? null,
    chord: v.chord,
    cursor,
    cursorWorkspace: cursor ? (workspaceNamesFor(useQueueStore.getState().workspaces)?.(cursor.workspaceId) ?? null) : null,
    cursorDecidable: cursor !== null && actions.blockReason(cursor) === null,
    cursorMatched: !!cursor?.matchedParticipantId,
    rowCount: actions.visible().ids.length,
    selectionCount: v.tab === 'PENDING' ? v.selection.length : 0,
    detailOpen: v.detailOpen && cursor !== null,
    canUndo:
      Object.values(d.records).some((r) => r.phase === 'waiting' && r.batchId === null) ||
      Object.values(d.batches).some((b) => b.phase === 'waiting'),
    dismissableNotices:
      useNoticesStore.getState().notices.length +
      Object.values(d.records).filter((r) => r.batchId === null && !isBusyPhase(r.phase)).length +
      Object.values(d.batches).filter((b) => b.phase === 'done').length,
    ...overrides,
  };
}

/**
 * Why a decision key or `u` does nothing now, in words: a keyboard or screen-reader user pressing
 * `r` on a request that cannot be decided (pending confirmation, decided, read-only, offline), `b`
 * after `a` on one Fruxon matched to nobody, or `u` with nothing left to undo, is told instead of
 * left guessing. Null for a key that means nothing here anyway. Found by asking the same table
 * whether the key would run were the request decidable (or matched, or something undoable).
 */
export function whyKeyDoesNothing(stroke: ReturnType<typeof strokeFor>, c: ShortcutContext): string | null {
  // (With a dialog open none of these keys would run anyway: the table asks for the list.)
  const would = (over: Partial<ShortcutContext>) => matchStroke(stroke, { ...c, ...over });
  const runs = (over: Partial<ShortcutContext>, id: string) => {
    const m = would(over);
    return m.kind === 'run' && m.shortcut.id === id;
  };
  const name = c.cursor ? truncateGraphemes(senderOf(c.cursor), 60).text : '';
  if (c.chord === 'a' && c.cursor && c.cursorDecidable && !c.cursorMatched && runs({ cursorMatched: true }, 'approve-bind')) {
    return `${name}: Fruxon matched no participant to bind to. a n creates one, a e adds to an existing one.`;
  }
  if (c.chord === null && c.cursor && !c.cursorDecidable) {
    const m = would({ cursorDecidable: true });
    if (m.kind === 'chord' || (m.kind === 'run' && m.shortcut.id === 'reject')) return `${name}: ${c.actions.blockReason(c.cursor) ?? CANNOT_DECIDE_HERE}`;
  }
  if (c.chord === null && !c.canUndo && runs({ canUndo: true }, 'undo')) {
    const d = useDecisionsStore.getState();
    const sending = Object.values(d.records).some((r) => r.phase === 'sending') || Object.values(d.batches).some((b) => b.phase === 'sending');
    return sending ? 'Too late to undo: the decision is being sent.' : 'Nothing to undo.';
  }
  return null;
}

/** Creates the keydown handler (exported for tests); returns it with a dispose for its chord timer. */
export function createKeydownHandler(actions: Actions): { onKeyDown: (e: KeyboardEvent) => void; dispose: () => void } {
  let chordTimer: ReturnType<typeof setTimeout> | null = null;
  const clearChordTimer = () => {
    if (chordTimer !== null) clearTimeout(chordTimer);
    chordTimer = null;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing || e.key === 'Dead' || e.key === 'Process') return;
    if (['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'].includes(e.key)) return;
    if (useViewStore.getState().keysHeld) {
      // A dialog closed under the operator: what they go on typing is no shortcut (and no button
      // press). Esc ends the hold at once; any other key holds on until they stop typing.
      e.preventDefault();
      if (e.key === 'Escape') useViewStore.getState().releaseKeys();
      else useViewStore.getState().holdKeys();
      return;
    }
    const typing = isTypingTarget(e.target);
    if ((e.key === 'Enter' || e.key === ' ') && isActivationTarget(e.target)) return;
    const ctx = shortcutContext(actions);
    const result = matchStroke(strokeFor(e), ctx);
    const view = useViewStore.getState();
    if (result.kind === 'chord') {
      if (typing || e.repeat) return;
      e.preventDefault();
      view.setChord(result.prefix);
      clearChordTimer();
      chordTimer = setTimeout(() => {
        if (useViewStore.getState().chord !== null) useViewStore.getState().setChord(null);
      }, CHORD_TIMEOUT_MS);
      return;
    }
    const tell = () => {
      const why = typing || e.repeat ? null : whyKeyDoesNothing(strokeFor(e), ctx);
      // One at a time: the latest reason replaces the last (a rate limit's countdown changes the words).
      if (why !== null) useNoticesStore.getState().info(why, { key: 'why-key-does-nothing' });
      return why !== null;
    };
    if (ctx.chord !== null) {
      // Any key ends a pending chord; an unknown second key does nothing else.
      view.setChord(null);
      clearChordTimer();
      if (result.kind === 'none') {
        tell();
        if (!typing) e.preventDefault();
        return;
      }
    }
    if (result.kind === 'none' && tell()) {
      e.preventDefault();
      return;
    }
    if (result.kind !== 'run') {
      // Space outside a field or button never scrolls the list away from the cursor.
      if (result.kind === 'none' && e.key === ' ' && !typing) e.preventDefault();
      return;
    }
    const s = result.shortcut;
    if (typing && !s.allowInInputs) return;
    if (e.repeat && !s.repeats) return;
    e.preventDefault();
    s.run(ctx);
  };
  return { onKeyDown, dispose: clearChordTimer };
}

/** Installs the one window-level keydown listener for the app's lifetime. */
export function useShortcuts(actions: Actions): void {
  useEffect(() => {
    const { onKeyDown, dispose } = createKeydownHandler(actions);
    // A click is the operator acting on purpose: held keys are shortcuts again.
    const onPointerDown = () => useViewStore.getState().releaseKeys();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointerDown);
      dispose();
    };
  }, [actions]);
}

