import { describe, expect, it } from 'vitest';
import { fail, ok, type Participant, type Result } from '../../src-shared/domain';
import { createParticipantsCache, PARTICIPANTS_FRESH_MS } from './participants-cache';

const kwame = { id: 'p1', displayName: 'Kwame Mensah' } as Participant;

/** A list function whose loads the test settles by hand, counting calls per workspace. */
function scripted() {
  const calls: string[] = [];
  const pending: Array<(r: Result<Participant[]>) => void> = [];
  const list = (ws: string) => {
    calls.push(ws);
    return new Promise<Result<Participant[]>>((resolve) => pending.push(resolve));
  };
  return { calls, list, settle: (r: Result<Participant[]>) => pending.shift()!(r) };
}

describe('participants cache (the add-to-existing picker opens with its list)', () => {
  it('a prefetch is shared by the picker that opens while it loads, and its list is then held', async () => {
    const s = scripted();
    const cache = createParticipantsCache(s.list, () => 0);
    cache.prefetch('w1');
    cache.prefetch('w1');
    const asked = cache.get('w1');
    expect(s.calls).toEqual(['w1']);
    expect(cache.peek('w1')).toBeNull();
    s.settle(ok([kwame]));
    await expect(asked).resolves.toEqual(ok([kwame]));
    expect(cache.peek('w1')).toEqual([kwame]);
    await expect(cache.get('w1')).resolves.toEqual(ok([kwame]));
    expect(s.calls).toEqual(['w1']);
  });

  it('a list older than a minute is loaded again; each workspace has its own', async () => {
    const s = scripted();
    let t = 0;
    const cache = createParticipantsCache(s.list, () => t);
    cache.prefetch('w1');
    s.settle(ok([kwame]));
    await cache.get('w1');
    t = PARTICIPANTS_FRESH_MS - 1;
    cache.prefetch('w1');
    expect(s.calls).toEqual(['w1']);
    t = PARTICIPANTS_FRESH_MS;
    expect(cache.peek('w1')).toBeNull();
    cache.prefetch('w1');
    cache.prefetch('w2');
    expect(s.calls).toEqual(['w1', 'w1', 'w2']);
  });

  it('a failed load is not kept: the next ask loads again and gets the failure first', async () => {
    const s = scripted();
    const cache = createParticipantsCache(s.list, () => 0);
    const first = cache.get('w1');
    s.settle(fail('offline', 'Could not reach the server.'));
    await expect(first).resolves.toMatchObject({ ok: false });
    expect(cache.peek('w1')).toBeNull();
    const second = cache.get('w1');
    expect(s.calls).toEqual(['w1', 'w1']);
    s.settle(ok([kwame]));
    await expect(second).resolves.toEqual(ok([kwame]));
  });

  it('refresh (the picker’s Retry) always loads again', async () => {
    const s = scripted();
    const cache = createParticipantsCache(s.list, () => 0);
    cache.prefetch('w1');
    s.settle(ok([]));
    await cache.get('w1');
    const again = cache.get('w1', { refresh: true });
    expect(s.calls).toEqual(['w1', 'w1']);
    s.settle(ok([kwame]));
    await expect(again).resolves.toEqual(ok([kwame]));
    expect(cache.peek('w1')).toEqual([kwame]);
  });
});
