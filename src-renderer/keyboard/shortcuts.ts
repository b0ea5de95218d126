/**
 * The one shortcut table. Each entry says which keys, what it is called, when it is valid and
 * what it runs; the listener (useShortcuts) and the help overlay are both generated from it.
 */
import type { QueueTab, RequestView } from '../../src-shared/domain';
import type { Actions } from '../actions/actions';
import type { DialogKind } from '../state/view';
import { truncateGraphemes } from '../lib/text';
import { senderOf } from '../../src-shared/decision-text';
import { parseSpec, partMatches, type Stroke } from './keys';

export interface ShortcutContext {
  actions: Actions;
  tab: QueueTab;
  dialog: DialogKind | null;
  chord: 'a' | null;
  cursor: RequestView | null;
  /** The cursor's workspace name when more than one workspace is present (workspaceNamesFor); absent or null otherwise. */
  cursorWorkspace?: string | null;
  /** The cursor row can be approved/rejected right now. */
  cursorDecidable: boolean;
  cursorMatched: boolean;
  rowCount: number;
  selectionCount: number;
  detailOpen: boolean;
  canUndo: boolean;
  /** Notices that Esc / Shift+Esc can dismiss. */
  dismissableNotices: number;
}

export type ShortcutGroup = 'Navigate' | 'Decide' | 'Find' | 'General';

export interface Shortcut {
  id: string;
  /** Alternatives; each is a spec for keys.ts ('j', 'ArrowDown', 'a n', 'Mod+k'). */
  keys: string[];
  label: string;
  group: ShortcutGroup;
  when: (c: ShortcutContext) => boolean;
  run: (c: ShortcutContext) => void;
  /** Also works while typing in a text field. */
  allowInInputs?: boolean;
  /** Holding the key repeats it (navigation only). */
  repeats?: boolean;
  /**
   * Offered in the command palette (when `when` holds with the palette closed) under this label,
   * with the first of `keys` as its hint: the palette restates no key and no rule of its own.
   */
  palette?: { label: (c: ShortcutContext) => string; run?: (c: ShortcutContext) => void };
}

const list = (c: ShortcutContext) => c.dialog === null;
const hasRows = (c: ShortcutContext) => list(c) && c.rowCount > 0;
const pending = (c: ShortcutContext) => list(c) && c.tab === 'PENDING';
const decidable = (c: ShortcutContext) => list(c) && c.cursorDecidable;
/**
 * The cursor's sender, short, for palette labels ("Approve Ana: …"; "Approve Ana in Acme EU: …" with
 * several workspaces). A request without a name is named by its address, as its row names it.
 */
const who = (c: ShortcutContext) => {
  const name = truncateGraphemes(c.cursor ? senderOf(c.cursor) : '', 40).text;
  return c.cursorWorkspace ? `${name} in ${c.cursorWorkspace}` : name;
};

export const SHORTCUTS: Shortcut[] = [
  { id: 'cursor-down', keys: ['j', 'ArrowDown'], label: 'Next request', group: 'Navigate', when: hasRows, run: (c) => c.actions.moveCursor(1), repeats: true },
  { id: 'cursor-up', keys: ['k', 'ArrowUp'], label: 'Previous request', group: 'Navigate', when: hasRows, run: (c) => c.actions.moveCursor(-1), repeats: true },
  {
    id: 'extend-down',
    keys: ['Shift+J', 'Shift+ArrowDown'],
    label: 'Extend selection down',
    group: 'Navigate',
    when: (c) => pending(c) && c.rowCount > 0,
    run: (c) => c.actions.moveCursor(1, true),
    repeats: true,
  },
  {
    id: 'extend-up',
    keys: ['Shift+K', 'Shift+ArrowUp'],
    label: 'Extend selection up',
    group: 'Navigate',
    when: (c) => pending(c) && c.rowCount > 0,
    run: (c) => c.actions.moveCursor(-1, true),
    repeats: true,
  },
  { id: 'page-down', keys: ['PageDown'], label: 'Ten requests down', group: 'Navigate', when: hasRows, run: (c) => c.actions.movePage(1), repeats: true },
  { id: 'page-up', keys: ['PageUp'], label: 'Ten requests up', group: 'Navigate', when: hasRows, run: (c) => c.actions.movePage(-1), repeats: true },
  { id: 'first', keys: ['Home'], label: 'First request', group: 'Navigate', when: hasRows, run: (c) => c.actions.moveToEdge('first') },
  { id: 'last', keys: ['End'], label: 'Last request', group: 'Navigate', when: hasRows, run: (c) => c.actions.moveToEdge('last') },
  { id: 'open', keys: ['Enter'], label: 'Open request details', group: 'Navigate', when: (c) => list(c) && c.cursor !== null, run: (c) => c.actions.openDetail() },
  // Space never scrolls the list away from the cursor: it shows or hides the cursor's details.
  { id: 'peek', keys: ['Space'], label: 'Show or hide details', group: 'Navigate', when: (c) => list(c) && c.cursor !== null, run: (c) => c.actions.toggleDetail() },
  { id: 'tab-pending', keys: ['1'], label: 'Pending tab', group: 'Navigate', when: list, run: (c) => c.actions.setTab('PENDING'), palette: { label: () => 'Go to Pending' } },
  { id: 'tab-approved', keys: ['2'], label: 'Approved tab', group: 'Navigate', when: list, run: (c) => c.actions.setTab('APPROVED'), palette: { label: () => 'Go to Approved' } },
  { id: 'tab-rejected', keys: ['3'], label: 'Rejected tab', group: 'Navigate', when: list, run: (c) => c.actions.setTab('REJECTED'), palette: { label: () => 'Go to Rejected' } },
  {
    id: 'approve-new',
    keys: ['a n'],
    label: 'Approve: create new participant',
    group: 'Decide',
    when: decidable,
    run: (c) => void c.actions.approveKey('CREATE_NEW'),
    // From the palette always through the dialog (the key may decide without one, by setting), and
    // on the request its label names (`c` is the context the palette was built in): the list may
    // have moved the cursor to someone else while the palette was open.
    palette: { label: (c) => `Approve ${who(c)}: create new participant`, run: (c) => void c.actions.openApprove('CREATE_NEW', c.cursor?.id) },
  },
  {
    id: 'approve-existing',
    keys: ['a e'],
    label: 'Approve: add to existing participant',
    group: 'Decide',
    when: decidable,
    run: (c) => void c.actions.openApprove('ADD_TO_EXISTING'),
    palette: { label: (c) => `Approve ${who(c)}: add to existing participant`, run: (c) => void c.actions.openApprove('ADD_TO_EXISTING', c.cursor?.id) },
  },
  {
    id: 'approve-bind',
    keys: ['a b'],
    label: 'Approve: bind to matched participant',
    group: 'Decide',
    when: (c) => decidable(c) && c.cursorMatched,
    run: (c) => void c.actions.approveKey('BIND_ONLY'),
    palette: { label: (c) => `Approve ${who(c)}: bind to matched participant`, run: (c) => void c.actions.openApprove('BIND_ONLY', c.cursor?.id) },
  },
  { id: 'reject', keys: ['r'], label: 'Reject', group: 'Decide', when: decidable, run: (c) => void c.actions.rejectKey(), palette: { label: (c) => `Reject ${who(c)}`, run: (c) => void c.actions.openReject(c.cursor?.id) } },
  { id: 'select', keys: ['x'], label: 'Select or unselect for bulk actions', group: 'Decide', when: (c) => pending(c) && c.cursor !== null, run: (c) => c.actions.toggleSelect() },
  { id: 'bulk-reject', keys: ['Shift+R'], label: 'Reject selected…', group: 'Decide', when: (c) => pending(c) && c.selectionCount > 0, run: (c) => void c.actions.openBulk('reject'), palette: { label: (c) => `Reject selected (${c.selectionCount})…` } },
  { id: 'undo', keys: ['u'], label: 'Undo the last decision (during the undo window)', group: 'Decide', when: (c) => list(c) && c.canUndo, run: (c) => c.actions.undoLatest() },
  { id: 'search', keys: ['/'], label: 'Search', group: 'Find', when: list, run: (c) => c.actions.focusSearch(), palette: { label: () => 'Search requests' } },
  {
    id: 'palette',
    keys: ['Mod+k'],
    label: 'Command palette',
    group: 'Find',
    when: (c) => c.dialog === null || c.dialog === 'palette',
    run: (c) => (c.dialog === 'palette' ? c.actions.closeDialog() : c.actions.openDialog({ kind: 'palette' })),
    allowInInputs: true,
  },
  { id: 'help', keys: ['?'], label: 'Keyboard shortcuts', group: 'General', when: list, run: (c) => c.actions.openDialog({ kind: 'help' }), palette: { label: () => 'Show keyboard shortcuts' } },
  { id: 'settings', keys: ['Mod+,'], label: 'Settings', group: 'General', when: list, run: (c) => c.actions.openDialog({ kind: 'settings' }), palette: { label: () => 'Open settings' } },
  {
    id: 'escape',
    keys: ['Escape'],
    label: 'Close or cancel: the selection, then details, then the newest notice',
    group: 'General',
    when: (c) => list(c) && (c.chord !== null || c.selectionCount > 0 || c.detailOpen || c.dismissableNotices > 0),
    run: (c) => c.actions.escape(),
  },
  {
    id: 'dismiss-notices',
    keys: ['Shift+Escape'],
    label: 'Dismiss all notices',
    group: 'General',
    when: (c) => list(c) && c.dismissableNotices > 0,
    run: (c) => c.actions.dismissAllNotices(),
    palette: { label: () => 'Dismiss all notices' },
  },
];

/** A palette entry made from a shortcut: its label, its first key as the hint, and what it runs. */
export interface PaletteShortcut {
  id: string;
  label: string;
  keys: string;
  run: () => void;
}

/**
 * The shortcuts the command palette offers now, in table order: those with a palette label whose
 * `when` holds as if the palette were closed (`c` is taken with no dialog and no chord).
 */
export function paletteShortcuts(c: ShortcutContext, table: readonly Shortcut[] = SHORTCUTS): PaletteShortcut[] {
  const closed: ShortcutContext = { ...c, dialog: null, chord: null };
  return table.flatMap((s) => {
    const p = s.palette;
    if (!p || !s.when(closed)) return [];
    return [{ id: s.id, label: p.label(closed), keys: s.keys[0]!, run: () => (p.run ?? s.run)(closed) }];
  });
}

/** The shortcuts valid in a context (what the help overlay lists). */
export function availableShortcuts(c: ShortcutContext, table: readonly Shortcut[] = SHORTCUTS): Shortcut[] {
  return table.filter((s) => s.when(c));
}

export function isShortcutAvailable(id: string, c: ShortcutContext, table: readonly Shortcut[] = SHORTCUTS): boolean {
  const s = table.find((x) => x.id === id);
  return s !== undefined && s.when(c);
}

export type MatchResult = { kind: 'run'; shortcut: Shortcut } | { kind: 'chord'; prefix: 'a' } | { kind: 'none' };

/**
 * What a keystroke does in a context. With a chord pending, only its second keys count; a
 * first key of a chord starts it only when one of its completions is valid.
 */
export function matchStroke(stroke: Stroke, c: ShortcutContext, table: readonly Shortcut[] = SHORTCUTS): MatchResult {
  for (const s of table) {
    for (const spec of s.keys) {
      const parts = parseSpec(spec);
      if (c.chord !== null) {
        if (parts.length === 2 && parts[0]!.key === c.chord && partMatches(parts[1]!, stroke) && s.when(c)) return { kind: 'run', shortcut: s };
      } else if (parts.length === 1 && partMatches(parts[0]!, stroke) && s.when(c)) {
        return { kind: 'run', shortcut: s };
      }
    }
  }
  if (c.chord === null) {
    for (const s of table) {
      for (const spec of s.keys) {
        const parts = parseSpec(spec);
        if (parts.length === 2 && partMatches(parts[0]!, stroke) && s.when(c) && parts[0]!.key === 'a') return { kind: 'chord', prefix: 'a' };
      }
    }
  }
  return { kind: 'none' };
}
