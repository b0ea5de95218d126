// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { aRequest } from '../../test/fakes/builders';
import type { Actions } from '../actions/actions';
import { displaySpec, parseSpec, partMatches, strokeFor } from './keys';
import { availableShortcuts, isShortcutAvailable, matchStroke, paletteShortcuts, SHORTCUTS, type ShortcutContext } from './shortcuts';

const key = (k: string, extra: Partial<{ code: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  strokeFor({ key: k, code: extra.code ?? '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...extra });

function ctx(overrides: Partial<ShortcutContext> = {}): ShortcutContext {
  const cursor = aRequest();
  return {
    actions: { openApprove: vi.fn(), openReject: vi.fn(), moveCursor: vi.fn() } as unknown as Actions,
    tab: 'PENDING',
    dialog: null,
    chord: null,
    cursor,
    cursorDecidable: true,
    cursorMatched: false,
    rowCount: 3,
    selectionCount: 0,
    detailOpen: false,
    canUndo: false,
    dismissableNotices: 0,
    ...overrides,
  };
}

describe('key matching', () => {
  it('matches on event.key, case-sensitively for letters (j vs Shift+J)', () => {
    const [j] = parseSpec('j');
    const [J] = parseSpec('Shift+J');
    expect(partMatches(j!, key('j'))).toBe(true);
    expect(partMatches(j!, key('J', { shiftKey: true }))).toBe(false);
    expect(partMatches(J!, key('J', { shiftKey: true }))).toBe(true);
  });

  it('uses the letter the layout produces (AZERTY a is KeyQ), and the physical key on non-Latin layouts', () => {
    expect(key('a', { code: 'KeyQ' }).key).toBe('a');
    expect(key('о', { code: 'KeyJ' }).key).toBe('j');
    expect(key('К', { code: 'KeyR', shiftKey: true }).key).toBe('R');
  });

  it('Mod+K is Ctrl+K or Cmd+K; named keys check Shift', () => {
    const [modK] = parseSpec('Mod+k');
    expect(partMatches(modK!, key('k', { ctrlKey: true }))).toBe(true);
    expect(partMatches(modK!, key('k', { metaKey: true }))).toBe(true);
    expect(partMatches(modK!, key('л', { ctrlKey: true, code: 'KeyK' }))).toBe(true);
    expect(partMatches(modK!, key('k'))).toBe(false);
    const [down] = parseSpec('ArrowDown');
    expect(partMatches(down!, key('ArrowDown'))).toBe(true);
    expect(partMatches(down!, key('ArrowDown', { shiftKey: true }))).toBe(false);
  });

  it('displays specs for help', () => {
    expect(displaySpec('Mod+k', false)).toBe('Ctrl+K');
    expect(displaySpec('Mod+k', true)).toBe('⌘K');
    expect(displaySpec('a n', false)).toBe('a then n');
    expect(displaySpec('Shift+ArrowDown', false)).toBe('Shift+↓');
    expect(displaySpec('Shift+Escape', false)).toBe('Shift+Esc');
  });

  it('a space is the key "Space" (a spec cannot contain one)', () => {
    const [space] = parseSpec('Space');
    expect(key(' ').key).toBe('Space');
    expect(partMatches(space!, key(' '))).toBe(true);
  });
});

describe('shortcut table', () => {
  it('has unique ids and every entry has keys and a label', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    for (const s of SHORTCUTS) {
      expect(s.keys.length).toBeGreaterThan(0);
      expect(s.label).not.toBe('');
    }
  });

  it('`a` starts a chord only when the cursor row can be decided', () => {
    expect(matchStroke(key('a'), ctx())).toEqual({ kind: 'chord', prefix: 'a' });
    expect(matchStroke(key('a'), ctx({ cursorDecidable: false }))).toEqual({ kind: 'none' });
    expect(matchStroke(key('a'), ctx({ dialog: 'approve' }))).toEqual({ kind: 'none' });
  });

  it('`a` then `b` binds only when the request has a matched participant', () => {
    expect(matchStroke(key('b'), ctx({ chord: 'a', cursorMatched: false }))).toEqual({ kind: 'none' });
    const bind = matchStroke(key('b'), ctx({ chord: 'a', cursorMatched: true }));
    expect(bind.kind === 'run' && bind.shortcut.id).toBe('approve-bind');
    const neu = matchStroke(key('n'), ctx({ chord: 'a' }));
    expect(neu.kind === 'run' && neu.shortcut.id).toBe('approve-new');
    const ex = matchStroke(key('e'), ctx({ chord: 'a' }));
    expect(ex.kind === 'run' && ex.shortcut.id).toBe('approve-existing');
  });

  it('Space shows or hides the details (it never scrolls the list); Esc reaches notices when nothing else is open', () => {
    const peek = matchStroke(key(' '), ctx());
    expect(peek.kind === 'run' && peek.shortcut.id).toBe('peek');
    expect(matchStroke(key('Escape'), ctx())).toEqual({ kind: 'none' });
    const esc = matchStroke(key('Escape'), ctx({ dismissableNotices: 2 }));
    expect(esc.kind === 'run' && esc.shortcut.id).toBe('escape');
    const all = matchStroke(key('Escape', { shiftKey: true }), ctx({ dismissableNotices: 2 }));
    expect(all.kind === 'run' && all.shortcut.id).toBe('dismiss-notices');
  });

  it('with a chord pending, single-key shortcuts do not fire', () => {
    expect(matchStroke(key('j'), ctx({ chord: 'a' }))).toEqual({ kind: 'none' });
    // A second `a` ends the chord; it does not start another (so "a a n" approves nothing).
    expect(matchStroke(key('a'), ctx({ chord: 'a' }))).toEqual({ kind: 'none' });
  });

  it('no single key approves, and bulk approval has no key at all', () => {
    for (const s of SHORTCUTS) {
      if (s.id.startsWith('approve')) for (const k of s.keys) expect(parseSpec(k)).toHaveLength(2);
    }
    expect(SHORTCUTS.some((s) => /bulk.*(bind|approve)/.test(s.id))).toBe(false);
  });

  it('help lists only the shortcuts valid now', () => {
    const unmatched = availableShortcuts(ctx()).map((s) => s.id);
    expect(unmatched).toContain('approve-new');
    expect(unmatched).not.toContain('approve-bind');
    expect(unmatched).not.toContain('bulk-reject');
    expect(availableShortcuts(ctx({ cursorMatched: true })).map((s) => s.id)).toContain('approve-bind');
    const approvedTab = availableShortcuts(ctx({ tab: 'APPROVED', cursorDecidable: false })).map((s) => s.id);
    expect(approvedTab).not.toContain('reject');
    expect(approvedTab).not.toContain('select');
    expect(isShortcutAvailable('bulk-reject', ctx({ selectionCount: 2 }))).toBe(true);
    expect(isShortcutAvailable('cursor-down', ctx({ rowCount: 0 }))).toBe(false);
  });
});

describe('the command palette is derived from the table', () => {
  it('offers each shortcut with a palette label under the table\'s own key and rule, as if the palette were closed', () => {
    const c = ctx({ dialog: 'palette', cursor: aRequest({ displayName: 'Ana' }), cursorMatched: true, selectionCount: 2 });
    const offered = paletteShortcuts(c);
    for (const p of offered) {
      const s = SHORTCUTS.find((x) => x.id === p.id)!;
      expect(p.keys, p.id).toBe(s.keys[0]);
      expect(s.when({ ...c, dialog: null }), p.id).toBe(true);
    }
    expect(offered.map((p) => p.label)).toEqual(
      expect.arrayContaining(['Go to Pending', 'Approve Ana: create new participant', 'Approve Ana: add to existing participant', 'Approve Ana: bind to matched participant', 'Reject Ana', 'Reject selected (2)…', 'Search requests']),
    );
    // A request without a name is named by its address, as its row names it.
    const nameless = paletteShortcuts(ctx({ dialog: 'palette', cursor: aRequest({ displayName: '', address: '+447700900123' }) })).map((p) => p.label);
    expect(nameless).toEqual(expect.arrayContaining(['Approve +447700900123: create new participant', 'Reject +447700900123']));
    // Not decidable, nothing selected, no notices: the table's `when` removes them from the palette too.
    const none = paletteShortcuts(ctx({ cursorDecidable: false, selectionCount: 0, dismissableNotices: 0 })).map((p) => p.id);
    for (const id of ['approve-new', 'approve-existing', 'approve-bind', 'reject', 'bulk-reject', 'dismiss-notices']) expect(none).not.toContain(id);
  });

  it('decides from the palette only through the dialog (the key may decide without one), on the request its label names', () => {
    const c = ctx({ cursorMatched: true });
    const id = c.cursor!.id;
    const byId = new Map(paletteShortcuts(c).map((p) => [p.id, p]));
    byId.get('approve-new')!.run();
    byId.get('approve-existing')!.run();
    byId.get('approve-bind')!.run();
    byId.get('reject')!.run();
    expect(vi.mocked(c.actions.openApprove).mock.calls).toEqual([
      ['CREATE_NEW', id],
      ['ADD_TO_EXISTING', id],
      ['BIND_ONLY', id],
    ]);
    expect(vi.mocked(c.actions.openReject).mock.calls).toEqual([[id]]);
  });

  it('with several workspaces, the decide entries name the cursor\'s workspace too (look-alike requests in two workspaces)', () => {
    const labels = (cursorWorkspace: string | null) => paletteShortcuts(ctx({ cursor: aRequest({ displayName: 'Ana' }), cursorMatched: true, cursorWorkspace })).map((p) => p.label);
    expect(labels('Acme EU')).toEqual(
      expect.arrayContaining(['Approve Ana in Acme EU: create new participant', 'Approve Ana in Acme EU: add to existing participant', 'Approve Ana in Acme EU: bind to matched participant', 'Reject Ana in Acme EU']),
    );
    expect(labels(null)).toEqual(expect.arrayContaining(['Approve Ana: create new participant', 'Reject Ana']));
    expect(labels(null).join('\n')).not.toContain(' in ');
  });
});

/** A context whose actions record every call by name and arguments. */
function recording(overrides: Partial<ShortcutContext> = {}) {
  const calls: string[] = [];
  const actions = new Proxy({}, { get: (_t, name: string) => (...args: unknown[]) => void calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`) }) as Actions;
  return { c: ctx({ actions, ...overrides }), calls };
}

/** The stroke a spec part stands for (Shift+J is "J" with Shift, Mod is Ctrl). */
function strokeOf(spec: string) {
  const [p] = parseSpec(spec);
  return key(p!.key === 'Space' ? ' ' : p!.key, { ctrlKey: p!.mod, shiftKey: p!.shift, altKey: p!.alt });
}

/** Runs `keys` (a spec, chords as "a n") in `c`; the id of what ran, or null, and the calls it made. */
function run(keys: string, c: ShortcutContext, calls: string[]) {
  const parts = keys.split(' ');
  let context = c;
  if (parts.length === 2) {
    expect(matchStroke(strokeOf(parts[0]!), c)).toEqual({ kind: 'chord', prefix: 'a' });
    context = { ...c, chord: 'a' };
  }
  const result = matchStroke(strokeOf(parts.at(-1)!), context);
  if (result.kind !== 'run') return { id: null, calls, repeats: false, inInputs: false };
  result.shortcut.run(context);
  return { id: result.shortcut.id, calls, repeats: result.shortcut.repeats === true, inInputs: result.shortcut.allowInInputs === true };
}

describe('every shortcut: its key, when it is valid, what it runs', () => {
  it.each([
    ['j', 'cursor-down', 'moveCursor(1)', true],
    ['ArrowDown', 'cursor-down', 'moveCursor(1)', true],
    ['k', 'cursor-up', 'moveCursor(-1)', true],
    ['ArrowUp', 'cursor-up', 'moveCursor(-1)', true],
    ['Shift+J', 'extend-down', 'moveCursor(1,true)', true],
    ['Shift+ArrowDown', 'extend-down', 'moveCursor(1,true)', true],
    ['Shift+K', 'extend-up', 'moveCursor(-1,true)', true],
    ['Shift+ArrowUp', 'extend-up', 'moveCursor(-1,true)', true],
    ['PageDown', 'page-down', 'movePage(1)', true],
    ['PageUp', 'page-up', 'movePage(-1)', true],
    ['Home', 'first', 'moveToEdge("first")', false],
    ['End', 'last', 'moveToEdge("last")', false],
    ['Enter', 'open', 'openDetail()', false],
    ['Space', 'peek', 'toggleDetail()', false],
    ['1', 'tab-pending', 'setTab("PENDING")', false],
    ['2', 'tab-approved', 'setTab("APPROVED")', false],
    ['3', 'tab-rejected', 'setTab("REJECTED")', false],
    ['a n', 'approve-new', 'approveKey("CREATE_NEW")', false],
    ['a e', 'approve-existing', 'openApprove("ADD_TO_EXISTING")', false],
    ['r', 'reject', 'rejectKey()', false],
    ['x', 'select', 'toggleSelect()', false],
    ['/', 'search', 'focusSearch()', false],
    ['Mod+k', 'palette', 'openDialog({"kind":"palette"})', false],
    ['?', 'help', 'openDialog({"kind":"help"})', false],
    ['Mod+,', 'settings', 'openDialog({"kind":"settings"})', false],
  ])('%s runs %s: %s (held: repeats %s)', (keys, id, call, repeats) => {
    const { c, calls } = recording();
    const ran = run(keys, c, calls);
    expect(ran.id).toBe(id);
    expect(ran.calls).toEqual([call]);
    expect(ran.repeats).toBe(repeats);
    expect(ran.inInputs).toBe(id === 'palette');
  });

  it('a b binds only a request with a matched participant', () => {
    const matched = recording({ cursorMatched: true });
    expect(run('a b', matched.c, matched.calls)).toMatchObject({ id: 'approve-bind', calls: ['approveKey("BIND_ONLY")'] });
  });

  it('Shift+R rejects the selection, only with one', () => {
    const some = recording({ selectionCount: 2 });
    expect(run('Shift+R', some.c, some.calls)).toMatchObject({ id: 'bulk-reject', calls: ['openBulk("reject")'] });
    const none = recording();
    expect(run('Shift+R', none.c, none.calls).id).toBeNull();
  });

  it('u undoes only while a decision waits', () => {
    const waiting = recording({ canUndo: true });
    expect(run('u', waiting.c, waiting.calls)).toMatchObject({ id: 'undo', calls: ['undoLatest()'] });
    const nothing = recording();
    expect(run('u', nothing.c, nothing.calls).id).toBeNull();
  });

  it('Esc acts only when there is something to close: a selection, the details or a notice (and is listed while a chord waits)', () => {
    for (const over of [{ selectionCount: 1 }, { detailOpen: true }, { dismissableNotices: 1 }]) {
      const { c, calls } = recording(over);
      expect(run('Escape', c, calls), JSON.stringify(over)).toMatchObject({ id: 'escape', calls: ['escape()'] });
    }
    // A pending chord takes the next key itself (any key ends it); help still lists Esc for it.
    expect(availableShortcuts(ctx({ chord: 'a' })).map((s) => s.id)).toContain('escape');
    const idle = recording();
    expect(run('Escape', idle.c, idle.calls).id).toBeNull();
    expect(availableShortcuts(ctx()).map((s) => s.id)).not.toContain('escape');
  });

  it('Shift+Esc dismisses every notice, only when there is one', () => {
    const some = recording({ dismissableNotices: 3 });
    expect(run('Shift+Escape', some.c, some.calls)).toMatchObject({ id: 'dismiss-notices', calls: ['dismissAllNotices()'] });
    const none = recording();
    expect(run('Shift+Escape', none.c, none.calls).id).toBeNull();
  });

  it('Ctrl+K closes the palette when it is open, and does nothing in another dialog', () => {
    const open = recording({ dialog: 'palette' });
    expect(run('Mod+k', open.c, open.calls)).toMatchObject({ id: 'palette', calls: ['closeDialog()'] });
    const other = recording({ dialog: 'help' });
    expect(run('Mod+k', other.c, other.calls).id).toBeNull();
  });

  it('with no rows, no cursor or another tab, the keys that need them do nothing', () => {
    const empty = recording({ rowCount: 0, cursor: null, cursorDecidable: false });
    for (const k of ['j', 'k', 'Shift+J', 'Shift+K', 'PageDown', 'PageUp', 'Home', 'End', 'Enter', 'Space', 'x', 'r']) expect(run(k, empty.c, empty.calls).id, k).toBeNull();
    expect(empty.calls).toEqual([]);
    const approved = recording({ tab: 'APPROVED' });
    for (const k of ['Shift+J', 'Shift+K', 'x']) expect(run(k, approved.c, approved.calls).id, k).toBeNull();
    expect(run('j', approved.c, approved.calls).id).toBe('cursor-down');
  });

  it('in a dialog (other than the palette) no key of the list works', () => {
    const { c, calls } = recording({ dialog: 'settings', canUndo: true, selectionCount: 1, dismissableNotices: 1 });
    for (const k of ['j', 'Enter', 'Space', '1', 'r', 'x', 'u', '/', '?', 'Mod+,', 'Escape', 'Shift+Escape', 'Shift+R']) expect(run(k, c, calls).id, k).toBeNull();
    expect(matchStroke(strokeOf('a'), c)).toEqual({ kind: 'none' });
  });

  it('isShortcutAvailable answers for the shortcut it names, and false for a name not in the table', () => {
    expect(isShortcutAvailable('undo', ctx({ canUndo: true }))).toBe(true);
    expect(isShortcutAvailable('undo', ctx())).toBe(false);
    expect(isShortcutAvailable('reject', ctx())).toBe(true);
    expect(isShortcutAvailable('no-such-shortcut', ctx())).toBe(false);
  });
});
