import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNow } from './useNow';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 11, 6, 9, 0, 0));
});
afterEach(() => vi.useRealTimers());

const T = Date.UTC(2026, 11, 6, 9, 0, 0);

describe('useNow (countdowns)', () => {
  it('moves on every interval by default', () => {
    const { result } = renderHook(() => useNow(1000));
    expect(result.current).toBe(T);
    act(() => void vi.advanceTimersByTime(1000));
    expect(result.current).toBe(T + 1000);
    act(() => void vi.advanceTimersByTime(2000));
    expect(result.current).toBe(T + 3000);
  });

  it('stands still while disabled, and sets no timer', () => {
    const { result } = renderHook(() => useNow(1000, false));
    act(() => void vi.advanceTimersByTime(5000));
    expect(result.current).toBe(T);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('catches up at once when enabled again', () => {
    const { result, rerender } = renderHook(({ on }) => useNow(1000, on), { initialProps: { on: false } });
    act(() => void vi.advanceTimersByTime(4500));
    rerender({ on: true });
    expect(result.current).toBe(T + 4500);
  });

  it('leaves no timer behind once unmounted', () => {
    const { unmount } = renderHook(() => useNow(1000));
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
