/**
 * What the operator is looking at: the tab, the cursor per tab, the bulk selection, whether the
 * detail pane is open, the open dialog and a pending key chord. The detail pane has no request
 * of its own: it shows the cursor's request, so the pane, the highlighted row and the target of
 * every key are one state (cursor-sync.ts keeps the cursor on a row that is really listed).
 * Focus requests are counters that components watch, so actions never touch the DOM themselves.
 */
import { create } from 'zustand';
import type { RequestRef } from '../../src-shared/contract';
import type { ApproveMode, QueueTab } from '../../src-shared/domain';

export interface ApprovePrefill {
  displayName?: string;
  participantId?: string;
  note?: string;
}

export type DialogState =
  | { kind: 'approve'; ref: RequestRef; mode: ApproveMode | null; prefill?: ApprovePrefill }
  | { kind: 'reject'; ref: RequestRef; prefill?: { note?: string } }
  | { kind: 'bulk-reject'; ids: string[]; prefill?: { note?: string } }
  | { kind: 'bulk-bind'; ids: string[] }
  | { kind: 'help' }
  | { kind: 'palette' }
  | { kind: 'settings' }
  | { kind: 'signin' };

export type DialogKind = DialogState['kind'];

export interface ViewState {
  tab: QueueTab;
  cursor: Record<QueueTab, string | null>;
  /** Bulk selection (request ids), Pending tab only. */
  selection: string[];
  /** Who changed the selection last: the operator (x, Shift+J/K, Esc, Clear) or the console (a request left the list, a bulk decision sent). */
  selectionBy: 'operator' | 'console';
  /** Where a Shift range starts. */
  anchor: string | null;
  /** The detail pane is open; it shows the cursor's request of the current tab. */
  detailOpen: boolean;
  dialog: DialogState | null;
  chord: 'a' | null;
  /**
   * When the last chord was started (its first key, `a`): a chord decides when its second key is
   * pressed, but the operator aimed it when they pressed the first.
   */
  chordAt: number | null;
  /**
   * Keys are held (used as no shortcut) after a dialog closed under the operator, until they stop
   * typing for KEY_HOLD_MS, press Esc or click: the rest of a note being typed must not run as
   * shortcuts on the request that took the closed one's place.
   */
  keysHeld: boolean;
  /**
   * The request the list last moved the cursor to by itself (the one under it was decided,
   * elsewhere or by a decision of this console's that just landed, or left the server), and when;
   * the cursor moving elsewhere clears it, and so does the operator putting it anywhere (a key or
   * a click, even on the row it is on). A key that decides without a dialog is refused once within
   * MOVED_UNDER_MS of it: the operator pressed it for the request that was there a moment before.
   */
  movedUnder: { id: string; at: number } | null;
  /** Incremented to ask the grid to move DOM focus to the cursor row. */
  rowFocusToken: number;
  /** Incremented to ask the search box to take focus. */
  searchFocusToken: number;
  /** Incremented to ask the detail pane to read its request from the server again. */
  detailReadToken: number;
  /** What the live announcer is to say next (an outcome nothing on screen says in words: an undo); a new object each time. */
  said: { text: string } | null;
  setTab: (tab: QueueTab) => void;
  setCursor: (id: string | null, opts?: { focus?: boolean; tab?: QueueTab }) => void;
  /** Records that the list has just moved the cursor to `id` by itself (cursor-sync). */
  setMovedUnder: (id: string, at: number) => void;
  /** The operator put the cursor somewhere (a key, a click), even where it already was: they have seen it. */
  clearMovedUnder: () => void;
  /** `by`: who changed it (the operator unless said; what the live announcer says depends on it). */
  setSelection: (ids: string[], anchor?: string | null, by?: 'operator' | 'console') => void;
  setDetailOpen: (open: boolean) => void;
  openDialog: (dialog: DialogState) => void;
  closeDialog: () => void;
  setChord: (chord: 'a' | null) => void;
  /** Holds keys (again) for KEY_HOLD_MS from now. */
  holdKeys: () => void;
  releaseKeys: () => void;
  focusRow: () => void;
  focusSearch: () => void;
  /** Asks the detail pane for a fresh read of its request (opening one on purpose is a check). */
  rereadDetail: () => void;
  say: (text: string) => void;
  reset: () => void;
}

export const DEFAULT_VIEW = {
  tab: 'PENDING' as QueueTab,
  cursor: { PENDING: null, APPROVED: null, REJECTED: null } as Record<QueueTab, string | null>,
  selection: [] as string[],
  selectionBy: 'operator' as 'operator' | 'console',
  anchor: null as string | null,
  detailOpen: false,
  dialog: null as DialogState | null,
  chord: null as 'a' | null,
  chordAt: null as number | null,
  keysHeld: false,
  movedUnder: null as { id: string; at: number } | null,
  rowFocusToken: 0,
  searchFocusToken: 0,
  detailReadToken: 0,
  said: null as { text: string } | null,
};

/** How long the operator must stop typing before held keys are shortcuts again. */
export const KEY_HOLD_MS = 2000;

/** How long after the list moved the cursor by itself a key that decides without a dialog is refused (once). */
export const MOVED_UNDER_MS = 1500;

/** A chord's second key must come within this of its first (the chord ends by itself after it). */
export const CHORD_TIMEOUT_MS = 2000;

let keyHoldTimer: ReturnType<typeof setTimeout> | null = null;
const clearKeyHold = () => {
  if (keyHoldTimer !== null) clearTimeout(keyHoldTimer);
  keyHoldTimer = null;
};

export const useViewStore = create<ViewState>()((set, get) => ({
  ...DEFAULT_VIEW,
  setTab: (tab) => {
    if (tab === get().tab) return;
    // The selection (Pending's, for bulk decisions) waits for the operator to come back to Pending.
    set({ tab, chord: null });
  },
  setCursor: (id, opts = {}) => {
    const tab = opts.tab ?? get().tab;
    // A half-typed `a` chord belongs to the request it was typed on: when the cursor leaves it (a
    // key, or the list moving it because someone else decided), the chord ends, so the second key
    // never approves the request that took its place.
    const leaves = tab === get().tab && get().cursor[tab] !== id;
    set({
      cursor: { ...get().cursor, [tab]: id },
      ...(leaves ? { chord: null, movedUnder: null } : {}),
      ...(opts.focus ? { rowFocusToken: get().rowFocusToken + 1 } : {}),
    });
  },
  setMovedUnder: (id, at) => set({ movedUnder: { id, at } }),
  clearMovedUnder: () => {
    if (get().movedUnder !== null) set({ movedUnder: null });
  },
  setSelection: (ids, anchor, by = 'operator') => set({ selection: ids, selectionBy: by, ...(anchor !== undefined ? { anchor } : {}) }),
  setDetailOpen: (detailOpen) => set({ detailOpen }),
  openDialog: (dialog) => set({ dialog, chord: null }),
  closeDialog: () => set({ dialog: null }),
  setChord: (chord) => set(chord === null ? { chord } : { chord, chordAt: Date.now() }),
  holdKeys: () => {
    clearKeyHold();
    keyHoldTimer = setTimeout(() => get().releaseKeys(), KEY_HOLD_MS);
    if (!get().keysHeld) set({ keysHeld: true, chord: null });
  },
  releaseKeys: () => {
    clearKeyHold();
    if (get().keysHeld) set({ keysHeld: false });
  },
  focusRow: () => set({ rowFocusToken: get().rowFocusToken + 1 }),
  focusSearch: () => set({ searchFocusToken: get().searchFocusToken + 1 }),
  rereadDetail: () => set({ detailReadToken: get().detailReadToken + 1 }),
  say: (text) => set({ said: { text } }),
  reset: () => {
    clearKeyHold();
    set({ ...DEFAULT_VIEW });
  },
}));
