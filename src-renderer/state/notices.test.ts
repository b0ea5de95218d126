// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aNotice, T0 } from '../../test/fakes/builders';
import { NOTICE_GRACE_MS, NOTICE_TTL_MS, useNoticesStore } from './notices';

const store = () => useNoticesStore.getState();
const ref = (requestId: string) => ({ workspaceId: 'ws-1', requestId });

describe('notices store', () => {
  it('a burst of new-request pushes is one notice holding every request, newest first; repeats add nothing', () => {
    store().push(aNotice({ requests: [ref('a')], title: 'Ana on WhatsApp' }), T0);
    store().push(aNotice({ requests: [ref('b'), ref('c')], title: '2 new access requests' }), T0 + 1000);
    store().push(aNotice({ requests: [ref('b')] }), T0 + 2000);
    expect(store().notices).toHaveLength(1);
    expect(store().notices[0]!.requests.map((r) => r.requestId)).toEqual(['b', 'c', 'a']);
    expect(store().notices[0]!.at).toBe(T0 + 1000);
  });

  it('information leaves by itself after its time, not while held, and gets a grace period after', () => {
    store().info('Ana was approved by Alice', { now: T0 });
    store().expire(T0 + NOTICE_TTL_MS - 1);
    expect(store().notices).toHaveLength(1);
    store().hold(true, T0);
    store().expire(T0 + NOTICE_TTL_MS + 5000);
    expect(store().notices).toHaveLength(1);
    store().hold(false, T0 + NOTICE_TTL_MS + 5000);
    store().expire(T0 + NOTICE_TTL_MS + 5000 + NOTICE_GRACE_MS - 1);
    expect(store().notices).toHaveLength(1);
    store().expire(T0 + NOTICE_TTL_MS + 5000 + NOTICE_GRACE_MS);
    expect(store().notices).toHaveLength(0);
  });

  it('the same notice again replaces the one showing (back on top, new id, timer restarted); a different one stacks', () => {
    store().info('Ana is pending confirmation', { body: 'Undo it first.', requests: [ref('a')], now: T0 });
    store().info('Something else', { now: T0 + 1 });
    const first = store().notices.find((n) => n.title === 'Ana is pending confirmation')!;
    store().info('Ana is pending confirmation', { body: 'Undo it first.', requests: [ref('a')], now: T0 + 5000 });
    expect(store().notices.map((n) => n.title)).toEqual(['Ana is pending confirmation', 'Something else']);
    const again = store().notices[0]!;
    // A new id: the live region announces it again, so a second key press is not met with silence.
    expect(again.id).not.toBe(first.id);
    expect(again.expiresAt).toBe(T0 + 5000 + NOTICE_TTL_MS);
    // About another request, or in other words: a notice of its own.
    store().info('Ana is pending confirmation', { body: 'Undo it first.', requests: [ref('b')], now: T0 + 6000 });
    store().info('Ana is pending confirmation', { body: 'Other words.', requests: [ref('a')], now: T0 + 7000 });
    expect(store().notices).toHaveLength(4);
  });

  it('notices with one key replace each other whatever their words; a keyed one leaves unkeyed ones alone', () => {
    store().info('Ana: Rate limited – try again in 20 s', { key: 'why', now: T0 });
    store().info('Ana: Rate limited – try again in 20 s', { now: T0 });
    store().info('Ana: Rate limited – try again in 19 s', { key: 'why', now: T0 + 1000 });
    expect(store().notices.map((n) => [n.title, n.key])).toEqual([
      ['Ana: Rate limited – try again in 19 s', 'why'],
      ['Ana: Rate limited – try again in 20 s', undefined],
    ]);
  });

  it('a repeat of a notice that stays keeps staying', () => {
    store().info('Open Ana when you are done', { stays: true, now: T0 });
    store().info('Open Ana when you are done', { now: T0 + 1000 });
    expect(store().notices).toHaveLength(1);
    expect(store().notices[0]!.expiresAt).toBeNull();
  });

  it('dismiss one, dismiss all', () => {
    store().info('one', { now: T0 });
    store().info('two', { now: T0 + 1 });
    const [newest] = store().notices;
    expect(newest!.title).toBe('two');
    store().dismiss(newest!.id);
    expect(store().notices.map((n) => n.title)).toEqual(['one']);
    store().dismissAll();
    expect(store().notices).toEqual([]);
  });
});
