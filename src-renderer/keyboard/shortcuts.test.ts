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
      expect.arrayContaining(['Go to Pending', 'Approve Ana: create new participant', 'Approve Ana: bind to matched participant', 'Reject Ana', 'Reject selected (2)…', 'Search requests']),
    );
    // Not decidable, nothing selected, no notices: the table's `when` removes them from the palette too.
    const none = paletteShortcuts(ctx({ cursorDecidable: false, selectionCount: 0, dismissableNotices: 0 })).map((p) => p.id);
    for (const id of ['approve-new', 'approve-existing', 'approve-bind', 'reject', 'bulk-reject', 'dismiss-notices']) expect(none).not.toContain(id);
  });

  it('decides from the palette only through the dialog (the key may decide without one)', () => {
    const c = ctx({ cursorMatched: true });
    const byId = new Map(paletteShortcuts(c).map((p) => [p.id, p]));
    byId.get('approve-new')!.run();
    byId.get('approve-bind')!.run();
    byId.get('reject')!.run();
    expect(vi.mocked(c.actions.openApprove).mock.calls).toEqual([['CREATE_NEW'], ['BIND_ONLY']]);
    expect(c.actions.openReject).toHaveBeenCalledTimes(1);
  });
});
