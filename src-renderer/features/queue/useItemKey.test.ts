import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useItemKey } from './useItemKey';

describe('useItemKey', () => {
  it('stays the same function while the list is the same (the virtualizer re-measures every row when it changes)', () => {
    const ids = ['a', 'b'];
    const { result, rerender } = renderHook(({ list }) => useItemKey(list), { initialProps: { list: ids } });
    const first = result.current;
    rerender({ list: ids });
    expect(result.current).toBe(first);
    expect(first(1)).toBe('b');
    expect(first(5)).toBe(5);
    rerender({ list: ['c'] });
    expect(result.current).not.toBe(first);
    expect(result.current(0)).toBe('c');
  });
});
