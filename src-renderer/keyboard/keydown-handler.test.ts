/**
 * The one keydown handler on its own: which key events it leaves alone, how a chord starts, ends
 * and times out, what it prevents, and the context the shortcut table sees (built from the stores
 * as they are at that moment). App-level behaviour of the same keys is in useShortcuts.test.tsx.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aRequest } from '../../test/fakes/builders';
import type { Actions } from '../actions/actions';
import { useDecisionsStore, type BatchRecord, type DecisionRecord } from '../state/decisions';
import { useNoticesStore } from '../state/notices';
import { KEY_HOLD_MS, useViewStore } from '../state/view';
import { strokeFor } from './keys';
import { CHORD_TIMEOUT_MS, createKeydownHandler, shortcutContext, whyKeyDoesNothing } from './useShortcuts';

const row = aRequest({ id: 'r1', matchedParticipantId: null });

/** Actions with a cursor on `row` (decidable unless told), recording every other call by name. */
function fakeActions(over: { cursor?: typeof row | null; block?: string | null; rows?: number } = {}) {
  const calls: string[] = [];
  const base = {
    cursorRow: () => (over.cursor === undefined ? row : over.cursor),
    blockReason: () => over.block ?? null,
    visible: () => ({ ids: Array.from({ length: over.rows ?? 3 }, (_, i) => `r${i + 1}`) }),
  };
  const actions = new Proxy(base, {
    get: (target, name: string) => (name in target ? target[name as keyof typeof target] : (...args: unknown[]) => void calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`)),
  }) as unknown as Actions;
  return { actions, calls };
}

/** A real KeyboardEvent (cancelable, as the browser's are) on `target`. */
function keydown(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(e, 'target', { value: target });
  return e;
}

let handler: ReturnType<typeof createKeydownHandler>;
let calls: string[];
const press = (key: string, init: KeyboardEventInit = {}, target?: EventTarget) => {
  const e = keydown(key, init, target);
  handler.onKeyDown(e);
  return e;
};

beforeEach(() => {
  useViewStore.getState().reset();
  useDecisionsStore.getState().reset();
  useNoticesStore.setState({ notices: [] });
  const fake = fakeActions();
  calls = fake.calls;
  handler = createKeydownHandler(fake.actions);
});
afterEach(() => {
  handler.dispose();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('keys held after a dialog closed under the operator', () => {
  it('what they go on typing runs nothing and is prevented, a button press included', () => {
    useViewStore.getState().holdKeys();
    const button = document.body.appendChild(document.createElement('button'));
    const events = ['a', 'n', 'd', ' ', 'r', 'j', 'x', 'u'].map((k) => press(k)).concat(press('Enter', {}, button), press(' ', {}, button));
    expect(calls).toEqual([]);
    expect(useViewStore.getState().chord).toBeNull();
    expect(events.every((e) => e.defaultPrevented)).toBe(true);
  });

  it('holds until the operator stops typing for KEY_HOLD_MS, however long they type', () => {
    vi.useFakeTimers();
    useViewStore.getState().holdKeys();
    for (let i = 0; i < 4; i += 1) {
      vi.advanceTimersByTime(KEY_HOLD_MS - 100);
      press('e');
    }
    expect(useViewStore.getState().keysHeld).toBe(true);
    vi.advanceTimersByTime(KEY_HOLD_MS - 100);
    press('j');
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(KEY_HOLD_MS);
    expect(useViewStore.getState().keysHeld).toBe(false);
    press('j');
    expect(calls).toEqual(['moveCursor(1)']);
  });

  it('Esc ends the hold at once (and is used up doing so); modifier keys alone neither run nor extend it', () => {
    useViewStore.getState().holdKeys();
    expect(press('Shift').defaultPrevented).toBe(false);
    expect(press('Escape').defaultPrevented).toBe(true);
    expect(calls).toEqual([]);
    press('j');
    expect(calls).toEqual(['moveCursor(1)']);
  });
});

describe('a decision key or `u` that can do nothing says why', () => {
  const told = () => useNoticesStore.getState().notices.map((n) => n.title);
  const withCursor = (over: Parameters<typeof fakeActions>[0]) => {
    handler.dispose();
    const fake = fakeActions(over);
    calls = fake.calls;
    handler = createKeydownHandler(fake.actions);
  };

  it('`r` and `a` on a request that cannot be decided name it and the reason, and run nothing', () => {
    withCursor({ cursor: aRequest({ id: 'r1', displayName: 'Ana' }), block: 'Pending confirmation' });
    expect(press('r').defaultPrevented).toBe(true);
    expect(told()).toEqual(['Ana: Pending confirmation']);
    const first = useNoticesStore.getState().notices[0]!.id;
    press('a');
    expect(useViewStore.getState().chord).toBeNull();
    // Said again (a new notice, so screen readers hear it), without stacking a copy.
    expect(told()).toEqual(['Ana: Pending confirmation']);
    expect(useNoticesStore.getState().notices[0]!.id).not.toBe(first);
    expect(calls).toEqual([]);
  });

  it('a request with no name is named by its address', () => {
    withCursor({ cursor: aRequest({ id: 'r1', displayName: '', address: '+15550009999' }), block: 'Pending confirmation' });
    press('r');
    expect(told()).toEqual(['+15550009999: Pending confirmation']);
  });

  it('`b` after `a` on a request Fruxon matched to nobody says so and what works instead', () => {
    press('a');
    press('b');
    expect(told()).toEqual([`${row.displayName}: Fruxon matched no participant to bind to. a n creates one, a e adds to an existing one.`]);
    expect(calls).toEqual([]);
  });

  it('`u` says there is nothing to undo, or that it is too late because the decision is being sent', () => {
    press('u');
    expect(told()).toEqual(['Nothing to undo.']);
    useDecisionsStore.setState({
      records: { r1: { id: 'r1', ref: { workspaceId: 'ws-1', requestId: 'r1' }, kind: 'reject', input: { workspaceId: 'ws-1', requestId: 'r1' }, subject: 'Ana', batchId: null, phase: 'sending', sendAt: null, message: null, tone: 'progress', canRetry: false, retryAt: null, seq: 1, at: 0, coreGaveUp: false } },
    });
    press('u');
    expect(told()[0]).toBe('Too late to undo: the decision is being sent.');
  });

  it('says nothing for a key that would run: `r` on a decidable request, `b` on a matched one, `u` with something to undo, `x` on a blocked one', () => {
    const why = (key: string, over: Partial<ReturnType<typeof shortcutContext>> = {}, fake = fakeActions()) =>
      whyKeyDoesNothing(strokeFor(keydown(key)), shortcutContext(fake.actions, over));
    expect(why('r')).toBeNull();
    expect(why('b', { chord: 'a', cursorMatched: true })).toBeNull();
    expect(why('u', { canUndo: true })).toBeNull();
    expect(why('x', {}, fakeActions({ block: 'Offline' }))).toBeNull();
    // …and names no one when there is no cursor.
    expect(why('u', {}, fakeActions({ cursor: null }))).toBe('Nothing to undo.');
  });

  it('`u` while a bulk decision is being sent: too late to undo', () => {
    useDecisionsStore.setState({ batches: { b1: { id: 'b1', kind: 'reject', ids: ['r1'], phase: 'sending', sendAt: null, seq: 1, at: 0 } } });
    press('u');
    expect(told()).toEqual(['Too late to undo: the decision is being sent.']);
  });

  it('says nothing for a key that means nothing here, in a field, held down, or with a dialog open', () => {
    withCursor({ block: 'Offline' });
    press('q');
    const input = document.body.appendChild(document.createElement('input'));
    press('r', {}, input);
    press('r', { repeat: true });
    useViewStore.getState().openDialog({ kind: 'help' });
    press('r');
    press('u');
    expect(told()).toEqual([]);
  });
});

describe('keys the handler leaves alone', () => {
  it('a key another handler already took, one being composed (IME), and dead or process keys', () => {
    const taken = keydown('j');
    taken.preventDefault();
    handler.onKeyDown(taken);
    press('j', { isComposing: true });
    press('Dead');
    press('Process');
    expect(calls).toEqual([]);
    press('j');
    expect(calls).toEqual(['moveCursor(1)']);
  });

  it.each(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'])('%s on its own neither runs anything nor ends a chord', (modifier) => {
    press('a');
    expect(useViewStore.getState().chord).toBe('a');
    press(modifier);
    expect(useViewStore.getState().chord).toBe('a');
    press('n');
    expect(calls).toEqual(['approveKey("CREATE_NEW")']);
  });

  it.each(['Dead', 'Process'])('%s (a key being composed) does not end a chord', (key) => {
    press('a');
    press(key);
    expect(useViewStore.getState().chord).toBe('a');
  });

  it('Enter and Space on a button press the button, not a shortcut', () => {
    document.body.innerHTML = '<button>Approve</button><div id="plain"></div>';
    const button = document.querySelector('button')!;
    expect(press('Enter', {}, button).defaultPrevented).toBe(false);
    expect(press(' ', {}, button).defaultPrevented).toBe(false);
    expect(calls).toEqual([]);
    press('Enter', {}, document.querySelector('#plain')!);
    press(' ', {}, document.querySelector('#plain')!);
    expect(calls).toEqual(['openDetail()', 'toggleDetail()']);
  });

  it('other keys on a button still run their shortcut', () => {
    document.body.innerHTML = '<button>Approve</button>';
    press('j', {}, document.querySelector('button')!);
    expect(calls).toEqual(['moveCursor(1)']);
  });
});

describe('chords', () => {
  it('"a" starts one (prevented, so the key types nothing), and the second key runs the approve', () => {
    expect(press('a').defaultPrevented).toBe(true);
    expect(useViewStore.getState().chord).toBe('a');
    expect(press('n').defaultPrevented).toBe(true);
    expect(useViewStore.getState().chord).toBeNull();
    expect(calls).toEqual(['approveKey("CREATE_NEW")']);
  });

  it('no chord starts while typing in a field, or from a held key', () => {
    document.body.innerHTML = '<input type="search">';
    press('a', {}, document.querySelector('input')!);
    expect(useViewStore.getState().chord).toBeNull();
    press('a', { repeat: true });
    expect(useViewStore.getState().chord).toBeNull();
  });

  it('an unknown second key ends the chord and does nothing else; it is prevented outside fields only', () => {
    press('a');
    expect(press('z').defaultPrevented).toBe(true);
    expect(useViewStore.getState().chord).toBeNull();
    expect(calls).toEqual([]);
    // A chord pending while focus moved into a field: the letter typed there is kept.
    document.body.innerHTML = '<input>';
    useViewStore.getState().setChord('a');
    expect(press('z', {}, document.querySelector('input')!).defaultPrevented).toBe(false);
    expect(useViewStore.getState().chord).toBeNull();
  });

  it('a key that is a shortcut of its own ends the chord without running (a pending chord takes the next key)', () => {
    press('a');
    expect(press('j').defaultPrevented).toBe(true);
    expect(useViewStore.getState().chord).toBeNull();
    expect(calls).toEqual([]);
    press('j');
    expect(calls).toEqual(['moveCursor(1)']);
  });

  it('a chord left pending ends by itself after the chord timeout; the next chord restarts the wait', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    press('a');
    vi.advanceTimersByTime(CHORD_TIMEOUT_MS - 1);
    expect(useViewStore.getState().chord).toBe('a');
    vi.advanceTimersByTime(1);
    expect(useViewStore.getState().chord).toBeNull();
    press('a');
    vi.advanceTimersByTime(CHORD_TIMEOUT_MS - 10);
    press('n'); // completes it: the timer goes
    press('a');
    vi.advanceTimersByTime(CHORD_TIMEOUT_MS - 1);
    expect(useViewStore.getState().chord).toBe('a');
  });

  it('dispose() ends the chord timer with the handler', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    press('a');
    handler.dispose();
    vi.advanceTimersByTime(CHORD_TIMEOUT_MS);
    expect(useViewStore.getState().chord).toBe('a');
  });
});

describe('what is prevented and repeated', () => {
  it('Space outside a field never scrolls the list, even when no shortcut takes it', () => {
    const none = fakeActions({ cursor: null, rows: 0 });
    handler.dispose();
    handler = createKeydownHandler(none.actions);
    expect(press(' ').defaultPrevented).toBe(true);
    expect(none.calls).toEqual([]);
    document.body.innerHTML = '<input>';
    expect(press(' ', {}, document.querySelector('input')!).defaultPrevented).toBe(false);
  });

  it('other keys no shortcut takes are left to the page', () => {
    expect(press('q').defaultPrevented).toBe(false);
    expect(press('F5').defaultPrevented).toBe(false);
  });

  it('a held navigation key repeats; a held decision key does not', () => {
    press('j', { repeat: true });
    press('r', { repeat: true });
    expect(calls).toEqual(['moveCursor(1)']);
    press('r');
    expect(calls).toEqual(['moveCursor(1)', 'rejectKey()']);
  });

  it('in a field, only shortcuts meant for fields run (Ctrl+K), and the field keeps the others', () => {
    document.body.innerHTML = '<input>';
    const input = document.querySelector('input')!;
    expect(press('j', {}, input).defaultPrevented).toBe(false);
    expect(press('k', { ctrlKey: true }, input).defaultPrevented).toBe(true);
    expect(calls).toEqual(['openDialog({"kind":"palette"})']);
  });
});

describe('the context the table sees', () => {
  const record = (id: string, over: Partial<DecisionRecord>): DecisionRecord =>
    ({ id, ref: { workspaceId: 'w', requestId: id }, kind: 'reject', input: {}, subject: id, batchId: null, phase: 'waiting', sendAt: 1, message: null, tone: 'info', canRetry: false, retryAt: null, seq: 1, at: 1, ...over }) as DecisionRecord;
  const batch = (id: string, phase: BatchRecord['phase']): BatchRecord => ({ id, kind: 'reject', ids: ['x'], phase, sendAt: null, seq: 1, at: 1 });

  it('the cursor is decidable only when it exists and nothing blocks it; the details count as open only with a cursor', () => {
    useViewStore.setState({ detailOpen: true });
    expect(shortcutContext(fakeActions().actions)).toMatchObject({ cursor: row, cursorDecidable: true, cursorMatched: false, detailOpen: true, rowCount: 3 });
    expect(shortcutContext(fakeActions({ block: 'Read-only agent' }).actions)).toMatchObject({ cursorDecidable: false });
    expect(shortcutContext(fakeActions({ cursor: null }).actions)).toMatchObject({ cursor: null, cursorDecidable: false, detailOpen: false });
    useViewStore.setState({ detailOpen: false });
    expect(shortcutContext(fakeActions().actions).detailOpen).toBe(false);
    expect(shortcutContext(fakeActions({ cursor: aRequest({ matchedParticipantId: 'p1' }) }).actions).cursorMatched).toBe(true);
  });

  it('Undo is offered while a single decision or a batch waits, not for a decision inside a batch or one being sent', () => {
    const ctx = () => shortcutContext(fakeActions().actions).canUndo;
    expect(ctx()).toBe(false);
    useDecisionsStore.setState({ records: { a: record('a', { phase: 'sending' }) } });
    expect(ctx()).toBe(false);
    useDecisionsStore.setState({ records: { a: record('a', { phase: 'waiting', batchId: 'b1' }) } });
    expect(ctx()).toBe(false);
    useDecisionsStore.setState({ records: { a: record('a', { phase: 'sending' }), b: record('b', { phase: 'waiting' }) } });
    expect(ctx()).toBe(true);
    useDecisionsStore.setState({ records: {}, batches: { b1: batch('b1', 'sending') } });
    expect(ctx()).toBe(false);
    useDecisionsStore.setState({ batches: { b1: batch('b1', 'done'), b2: batch('b2', 'waiting') } });
    expect(ctx()).toBe(true);
  });

  it('what Esc can dismiss: notices, finished single decisions and finished batches, added up', () => {
    const count = () => shortcutContext(fakeActions().actions).dismissableNotices;
    expect(count()).toBe(0);
    useNoticesStore.setState({ notices: [{ id: 'n1' }, { id: 'n2' }] as never });
    useDecisionsStore.setState({
      records: {
        a: record('a', { phase: 'applied' }),
        b: record('b', { phase: 'waiting' }),
        c: record('c', { phase: 'sending' }),
        d: record('d', { phase: 'not-applied', batchId: 'b1' }),
        e: record('e', { phase: 'unknown' }),
        f: record('f', { phase: 'already-decided' }),
      },
      batches: { b1: batch('b1', 'done'), b2: batch('b2', 'waiting'), b3: batch('b3', 'done') },
    });
    // 2 notices, 3 finished single decisions (a, e, f; not b and c, still at work, nor d, in a batch), 2 finished batches.
    expect(count()).toBe(2 + 3 + 2);
  });

  it('a chord, the open dialog, the tab and the selection come from the view as it is now', () => {
    useViewStore.setState({ chord: 'a', dialog: { kind: 'help' } as never, tab: 'PENDING', selection: ['r1', 'r2'] });
    expect(shortcutContext(fakeActions().actions)).toMatchObject({ chord: 'a', dialog: 'help', tab: 'PENDING', selectionCount: 2 });
    // Pending's selection waits on another tab, where nothing acts on it.
    useViewStore.setState({ tab: 'APPROVED' });
    expect(shortcutContext(fakeActions().actions)).toMatchObject({ tab: 'APPROVED', selectionCount: 0 });
    expect(shortcutContext(fakeActions().actions, { rowCount: 9 }).rowCount).toBe(9);
  });
});
