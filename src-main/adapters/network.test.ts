import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { net, resetElectronFake } from '../../test/fakes/electron';
import { NETWORK_CHECK_MS, watchNetwork } from './network';

vi.mock('electron', () => import('../../test/fakes/electron'));

beforeEach(() => {
  resetElectronFake();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('watchNetwork', () => {
  it('F35: net.isOnline() is passed to the core at start and on every change, and only on changes', () => {
    const seen: boolean[] = [];
    net.online = false;
    const stop = watchNetwork({ setNetworkOnline: (o) => seen.push(o) });
    expect(seen).toEqual([false]);
    vi.advanceTimersByTime(NETWORK_CHECK_MS * 3);
    expect(seen).toEqual([false]);
    net.online = true;
    vi.advanceTimersByTime(NETWORK_CHECK_MS);
    expect(seen).toEqual([false, true]);
    net.online = false;
    vi.advanceTimersByTime(NETWORK_CHECK_MS);
    net.online = true;
    vi.advanceTimersByTime(NETWORK_CHECK_MS);
    expect(seen).toEqual([false, true, false, true]);
    stop();
    net.online = false;
    vi.advanceTimersByTime(NETWORK_CHECK_MS * 5);
    expect(seen).toEqual([false, true, false, true]);
  });
});
