/**
 * Which rows of a list of fixed-height rows are in view, plus some overscan: the queue's
 * virtualisation. With one row height, where every row is and which ones are visible follow
 * from the scroll position alone, so a scroll or a new list costs only the rows in view, never a
 * pass over 100,000 rows (a general-purpose virtualizer measures every row again whenever the
 * count changes: on every keystroke of a search). The scroll position is read in the scroll
 * event and the height from a ResizeObserver, never in between, so nothing forces a layout.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindow {
  /** First and one-past-last row to render. */
  start: number;
  end: number;
  /** Height of all rows together (the scrolled content). */
  totalSize: number;
  /** Where the view is: the last scroll position and height seen (no layout read). Stable functions. */
  scrollTop: () => number;
  viewHeight: () => number;
}

export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  opts: { count: number; rowHeight: number; overscan: number; fallbackHeight: number },
): RowWindow {
  const { count, rowHeight, overscan, fallbackHeight } = opts;
  const top = useRef(0);
  const shown = useRef(0);
  const [first, setFirst] = useState(0);
  const [height, setHeight] = useState(fallbackHeight);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = (): void => {
      top.current = el.scrollTop;
      const next = Math.floor(top.current / rowHeight);
      if (next === shown.current) return;
      shown.current = next;
      // Rendered in the same frame as the scroll, or the rows would trail it by one.
      flushSync(() => setFirst(next));
    };
    // Without layout (jsdom, a hidden pane) the element measures 0: render as a normal window.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
      const h = entries[0]?.contentRect.height ?? 0;
      setHeight(h > 0 ? h : fallbackHeight);
    });
    observer?.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef, rowHeight, fallbackHeight]);

  const heightNow = useRef(height);
  heightNow.current = height;
  const scrollTop = useCallback(() => top.current, []);
  const viewHeight = useCallback(() => heightNow.current, []);
  const inView = Math.ceil(height / rowHeight) + 1;
  // A shorter list than the scroll position: the browser clamps scrollTop and reports it.
  const from = Math.min(first, Math.max(0, count - inView));
  return {
    start: Math.max(0, from - overscan),
    end: Math.min(count, from + inView + overscan),
    totalSize: count * rowHeight,
    scrollTop,
    viewHeight,
  };
}
