import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../../src-shared/domain';
import { aRequest, aSnapshot, aWorkspace, T0 } from '../../../test/fakes/builders';
import { createFakeAppApi } from '../../../test/fakes/fake-app-api';
import { App } from '../../app/App';
import { ROW_HEIGHT } from './QueueRow';
import { REST_MS } from './useRowWindow';
import { useClockStore } from '../../state/clock';
import { useFiltersStore } from '../../state/filters';

function manyRequests(n: number): RequestView[] {
  const base = aRequest();
  const out: RequestView[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    out[i] = { ...base, id: `bulk-${String(i).padStart(6, '0')}`, displayName: `Person ${i}`, address: `+1000${i}`, createdAt: T0 - (n - i) * 1000, modifiedAt: T0 };
  }
  return out;
}

describe('queue grid', () => {
  it('F9: 100,000 requests render as a virtual window (few DOM rows, full aria-rowcount)', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot(manyRequests(100_000)) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('100000'));
    const rendered = within(grid).getAllByRole('row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]!.getAttribute('aria-rowindex')).toBe('1');
    expect(screen.getByRole('tab', { name: 'Pending 100000' })).toBeTruthy();
  });

  it('F12: rows created in the future show "just now", rows with createdAt 0 or NaN show "unknown", and no age is ever negative', async () => {
    useClockStore.getState().tick(T0);
    const rows = [
      aRequest({ id: 'fut', displayName: 'Future Fay', createdAt: T0 + 7 * 60_000 }),
      aRequest({ id: 'zero', displayName: 'Zero Zed', createdAt: 0 }),
      aRequest({ id: 'nan', displayName: 'Nan Ned', createdAt: Number.NaN }),
      aRequest({ id: 'old', displayName: 'Old Ola', createdAt: T0 - 12 * 60_000 }),
    ];
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    const age = (name: RegExp) => within(screen.getByRole('row', { name })).getByTitle(/^Created /).textContent;
    await screen.findByRole('row', { name: /^Future Fay/ });
    expect(age(/^Future Fay/)).toBe('just now');
    expect(age(/^Zero Zed/)).toBe('unknown');
    expect(age(/^Nan Ned/)).toBe('unknown');
    expect(age(/^Old Ola/)).toBe('12 min');
    // Neither the cells nor the rows' accessible names carry a negative age.
    expect(screen.getByRole('row', { name: /^Future Fay/ }).getAttribute('aria-label')).toMatch(/waiting just now/);
    expect(grid.textContent).not.toMatch(/-\d+\s*(min|h|d)\b/);
    for (const row of within(grid).getAllByRole('row')) expect(row.getAttribute('aria-label') ?? '').not.toMatch(/-\d/);
  });

  it('F9: scrolling shows the rows at the new position (fixed-height window, no per-row measuring)', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot(manyRequests(100_000)) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('100000'));
    const body = within(grid).getByRole('rowgroup');
    expect(body.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);
    act(() => {
      grid.scrollTop = 50_000 * ROW_HEIGHT;
      fireEvent.scroll(grid);
    });
    const indexes = within(grid)
      .getAllByRole('row')
      .map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.min(...indexes)).toBe(50_001 - 8);
    expect(indexes).toContain(50_001);
    expect(indexes.length).toBeLessThan(60);
    expect(within(grid).getByRole('row', { name: /Person 50000,/ }).style.transform).toBe(`translateY(${50_000 * ROW_HEIGHT}px)`);
  });

  it('F9: a row that stays in view keeps its element, rows entering take over those that left, never the focused one', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(manyRequests(1000)) })} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('1000'));
    const rowOf = (n: number) => within(grid).getByRole('row', { name: new RegExp(`^Person ${n},`) });
    const focused = rowOf(0);
    act(() => focused.focus());
    const fifth = rowOf(5);
    const before = new Set(within(grid).getAllByRole('row'));
    act(() => {
      grid.scrollTop = 3 * ROW_HEIGHT;
      fireEvent.scroll(grid);
    });
    expect(rowOf(5)).toBe(fifth);
    act(() => {
      grid.scrollTop = 500 * ROW_HEIGHT;
      fireEvent.scroll(grid);
    });
    const after = within(grid).getAllByRole('row');
    expect(after.filter((r) => before.has(r)).length).toBeGreaterThan(0);
    // The focused row scrolled far out of view keeps its element, still showing its own request
    // (removed, it would drop focus to the page); it never shows someone else.
    expect(focused.isConnected).toBe(true);
    expect(focused.getAttribute('aria-label')).toMatch(/^Person 0,/);
    expect(document.activeElement).toBe(focused);
    for (const r of after) expect(r.getAttribute('aria-rowindex')).toBe(String(Number(r.getAttribute('aria-label')!.match(/^Person (\d+),/)![1]) + 1));
  });

  // jsdom has no layout: the grid measures its fallback height, 720 px, so 15 rows are in view and
  // the window renders 8 more on each side once the list rests.
  const IN_VIEW = Math.ceil(720 / ROW_HEIGHT) + 1;
  const OVERSCAN = 8;
  /** The rendered rows' positions, checked against the names they show (every row is the right row). */
  function renderedRows(grid: HTMLElement, expectedIds: readonly string[]): number[] {
    return within(grid)
      .getAllByRole('row')
      .map((r) => {
        const index = Number(r.getAttribute('aria-rowindex')) - 1;
        expect(r.getAttribute('data-request-id')).toBe(expectedIds[index]);
        expect(r.getAttribute('aria-label')).toMatch(new RegExp(`^Person ${Number(expectedIds[index]!.slice(5))},`));
        return index;
      })
      .sort((a, b) => a - b);
  }
  /** The grid scrolled to a row: its scrollTop moved, then the scroll event the browser sends. */
  function scrollGridTo(grid: HTMLElement, row: number) {
    act(() => {
      grid.scrollTop = row * ROW_HEIGHT;
      fireEvent.scroll(grid);
    });
  }
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  /** 3,000 pending rows on screen, the first window rendered whole (rows in view and overscan). */
  async function renderManyRows() {
    useClockStore.getState().tick(T0);
    const rows = manyRequests(3000);
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    const all = rows.map((r) => r.id);
    await waitFor(() => expect(renderedRows(grid, all)).toEqual(range(0, IN_VIEW + OVERSCAN)));
    return { rows, grid, all, api };
  }

  it('a search keystroke renders the rows in view in the same render, and the rows outside the view once typing rests', async () => {
    const { rows, grid } = await renderManyRows();
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+10001' } }));
    // Addresses +1000 followed by 1, 10-19, 100-199, 1000-1999: 1,111 rows, oldest first.
    const found = rows.filter((r) => r.address.startsWith('+10001')).map((r) => r.id);
    expect(grid.getAttribute('aria-rowcount')).toBe('1111');
    expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW));
    // The scrolled content is the whole result's height meanwhile, not only the rows rendered.
    expect(within(grid).getByRole('rowgroup').style.height).toBe(`${1111 * ROW_HEIGHT}px`);
    await waitFor(() => expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW + OVERSCAN)));
  });

  it('after a search, a scroll that is not fast renders the rows around the view with it', async () => {
    const { rows, grid } = await renderManyRows();
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+10001' } }));
    const found = rows.filter((r) => r.address.startsWith('+10001')).map((r) => r.id);
    expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW));
    scrollGridTo(grid, 3);
    expect(renderedRows(grid, found)).toEqual(range(0, 3 + IN_VIEW + OVERSCAN));
  });

  it('a jump of exactly the overscan, or one a full rest after the last, is not a fast scroll', async () => {
    const { grid, all } = await renderManyRows();
    const scrollTo = (row: number) => scrollGridTo(grid, row);
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      scrollTo(500);
      scrollTo(500 + OVERSCAN);
      expect(renderedRows(grid, all)).toEqual(range(500, 500 + IN_VIEW + 2 * OVERSCAN));
      act(() => void vi.advanceTimersByTime(REST_MS * 4));
      scrollTo(1000);
      act(() => void vi.advanceTimersByTime(REST_MS));
      scrollTo(1400);
      expect(renderedRows(grid, all)).toEqual(range(1400 - OVERSCAN, 1400 + IN_VIEW + OVERSCAN));
      // One row more than the overscan, at once: a fast scroll.
      scrollTo(1400 + OVERSCAN + 1);
      expect(renderedRows(grid, all)).toEqual(range(1409, 1409 + IN_VIEW));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a short queue renders every row a search leaves, in the keystroke\'s render', async () => {
    useClockStore.getState().tick(T0);
    const rows = manyRequests(150);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) })} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('150'));
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+1000' } }));
    expect(renderedRows(grid, rows.map((r) => r.id))).toEqual(range(0, 150));
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+10001' } }));
    const found = rows.filter((r) => r.address.startsWith('+10001')).map((r) => r.id);
    expect(renderedRows(grid, found)).toEqual(range(0, found.length));
  });

  it('the rows in view follow the grid\'s measured height (ResizeObserver), and a zero height counts as the fallback', async () => {
    let report: ((height: number) => void) | null = null;
    class FakeResizeObserver {
      constructor(private readonly cb: (entries: Array<{ contentRect: { height: number } }>) => void) {}
      observe() {
        report = (height) => this.cb([{ contentRect: { height } }]);
      }
      disconnect() {}
    }
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    try {
      const { grid, all } = await renderManyRows();
      act(() => report!(300));
      // 300 px: 6 rows and a part, plus the overscan below.
      expect(renderedRows(grid, all)).toEqual(range(0, Math.ceil(300 / ROW_HEIGHT) + 1 + OVERSCAN));
      act(() => report!(0));
      expect(renderedRows(grid, all)).toEqual(range(0, IN_VIEW + OVERSCAN));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a search that leaves 111 rows of a long queue renders the rows in view, not all 111 at once', async () => {
    const { rows, grid } = await renderManyRows();
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+100011' } }));
    // +100011, +1000110-119, +10001100-1199: 111 rows, fewer than a short queue renders whole.
    const found = rows.filter((r) => r.address.startsWith('+100011')).map((r) => r.id);
    expect(found).toHaveLength(111);
    expect(grid.getAttribute('aria-rowcount')).toBe('111');
    expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW));
    await waitFor(() => expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW + OVERSCAN)));
  });

  it('in a long queue, the elements of rows a search leaves out are kept hidden and taken over when it widens again', async () => {
    const { rows, grid, all } = await renderManyRows();
    const body = within(grid).getByRole('rowgroup');
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    const elementsBefore = new Set(body.children);
    act(() => void fireEvent.change(search, { target: { value: '+1000119' } }));
    const found = rows.filter((r) => r.address.startsWith('+1000119')).map((r) => r.id);
    expect(renderedRows(grid, found)).toEqual(range(0, 11));
    // The others are kept: hidden from sight, screen readers, pointer and keyboard, and no row of the grid.
    const kept = [...body.children].filter((el) => !el.hasAttribute('data-request-id'));
    expect(kept.length).toBeGreaterThan(0);
    for (const el of kept) {
      expect(el.getAttribute('role')).toBeNull();
      expect(el.getAttribute('aria-hidden')).toBe('true');
      expect(el.hasAttribute('inert')).toBe(true);
      expect(el.classList.contains('row-parked')).toBe(true);
      expect(el.getAttribute('tabindex')).toBe('-1');
    }
    // Widening again (around the cursor, now Person 119): the rows take the kept elements, every one
    // of them, before any element is built anew.
    act(() => void fireEvent.change(search, { target: { value: '' } }));
    const shown = renderedRows(grid, all);
    expect(shown).toContain(119);
    const rowsNow = within(grid).getAllByRole('row');
    expect([...elementsBefore].every((el) => rowsNow.includes(el as HTMLElement))).toBe(true);
    expect(rowsNow.filter((r) => !elementsBefore.has(r))).toHaveLength(rowsNow.length - elementsBefore.size);
    expect(body.children).toHaveLength(rowsNow.length);
  });

  it('a short queue keeps no hidden copy of a row: a request decided elsewhere is gone from the page', async () => {
    useClockStore.getState().tick(T0);
    const rows = manyRequests(12);
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('12'));
    act(() => api.pushSnapshot(aSnapshot(rows.slice(1), { seq: 2 })));
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('11'));
    expect(within(grid).getByRole('rowgroup').children).toHaveLength(11);
    expect(grid.textContent).not.toContain('Person 0');
  });

  it('a fast scroll renders the rows in view at each position, and the rows around them once it rests', async () => {
    const { grid, all } = await renderManyRows();
    // A focused row far from where the list is scrolled to stays rendered on its own (one element),
    // never with the rows in between.
    act(() => within(grid).getByRole('row', { name: /^Person 0,/ }).focus());
    const scrollTo = (row: number) => scrollGridTo(grid, row);
    // The clock the window reads stands still between the jumps (a loaded machine must not make them slow).
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      // One jump on its own renders the overscan with it.
      scrollTo(500);
      expect(renderedRows(grid, all)).toEqual([0, ...range(500 - OVERSCAN, 500 + IN_VIEW + OVERSCAN)]);
      // Jumps that follow it at once are a fast scroll: the rows in view only, each time.
      scrollTo(900);
      expect(renderedRows(grid, all)).toEqual([0, ...range(900, 900 + IN_VIEW)]);
      act(() => void vi.advanceTimersByTime(REST_MS - 50));
      scrollTo(1400);
      expect(renderedRows(grid, all)).toEqual([0, ...range(1400, 1400 + IN_VIEW)]);
      // It rests: the rows around the view follow.
      act(() => void vi.advanceTimersByTime(REST_MS - 1));
      expect(renderedRows(grid, all)).toEqual([0, ...range(1400, 1400 + IN_VIEW)]);
      act(() => void vi.advanceTimersByTime(1));
      expect(renderedRows(grid, all)).toEqual([0, ...range(1400 - OVERSCAN, 1400 + IN_VIEW + OVERSCAN)]);
      // Much later, one jump on its own again renders the overscan with it.
      act(() => void vi.advanceTimersByTime(REST_MS * 4));
      scrollTo(2000);
      expect(renderedRows(grid, all)).toEqual([0, ...range(2000 - OVERSCAN, 2000 + IN_VIEW + OVERSCAN)]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('while the rows outside the view wait, the focused row stays rendered (focus never drops to the page)', async () => {
    const { grid, all } = await renderManyRows();
    // A row below the view, in the overscan, has focus; a filter change gives a new list (the same rows).
    const focused = within(grid).getByRole('row', { name: /^Person 20,/ });
    act(() => focused.focus());
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: 'person' }));
    expect(grid.getAttribute('aria-rowcount')).toBe('3000');
    expect(renderedRows(grid, all)).toEqual(range(0, 21));
    expect(focused.isConnected).toBe(true);
    expect(document.activeElement).toBe(focused);
    await waitFor(() => expect(renderedRows(grid, all)).toEqual(range(0, IN_VIEW + OVERSCAN)));
    expect(document.activeElement).toBe(focused);
  });

  it('while the rows outside the view wait, a focused row in the overscan above stays rendered; one far from the view stays on its own, not with the rows between', async () => {
    const { grid, all } = await renderManyRows();
    const scrollTo = (row: number) => scrollGridTo(grid, row);
    // The cursor on row 26 (it scrolls into view at the bottom: the view starts at row 12).
    for (let i = 0; i < 26; i += 1) act(() => void fireEvent.keyDown(document.body, { key: 'j' }));
    const from = Math.floor((27 * ROW_HEIGHT - 720) / ROW_HEIGHT);
    expect(renderedRows(grid, all)).toEqual(range(from - OVERSCAN, from + IN_VIEW + OVERSCAN));
    // The first row rendered, the overscan's top, has focus; a filter change gives a new list.
    act(() => within(grid).getByRole('row', { name: new RegExp(`^Person ${from - OVERSCAN},`) }).focus());
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: 'person' }));
    expect(renderedRows(grid, all)).toEqual(range(from - OVERSCAN, from + IN_VIEW));
    await waitFor(() => expect(renderedRows(grid, all)).toEqual(range(from - OVERSCAN, from + IN_VIEW + OVERSCAN)));
    // Focus on a row of the overscan below, then a jump far up and another at once (a fast scroll):
    // the window is the rows in view there and the focused row on its own, not every row down to it.
    scrollTo(500);
    act(() => within(grid).getByRole('row', { name: /^Person 520,/ }).focus());
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      scrollTo(300);
      scrollTo(100);
      expect(renderedRows(grid, all)).toEqual([...range(100, 100 + IN_VIEW), 520]);
      expect(document.activeElement).toBe(within(grid).getByRole('row', { name: /^Person 520,/ }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('the rows around the view follow each time typing rests, not only the first', async () => {
    const { rows, grid } = await renderManyRows();
    const search = screen.getByRole('searchbox', { name: 'Search requests' });
    for (const query of ['+10001', '+1000']) {
      act(() => void fireEvent.change(search, { target: { value: query } }));
      const found = rows.filter((r) => r.address.startsWith(query)).map((r) => r.id);
      expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW));
      await waitFor(() => expect(renderedRows(grid, found)).toEqual(range(0, IN_VIEW + OVERSCAN)));
    }
  });

  it('a poll that shortens the list below the scroll position renders its last rows, not rows past its end', async () => {
    const { rows, grid, all, api } = await renderManyRows();
    // The cursor on the last row (End): the view shows the list's last screen.
    act(() => void fireEvent.keyDown(document.body, { key: 'End' }));
    expect(renderedRows(grid, all).at(-1)).toBe(2999);
    // Scrolled a little further (as far as a browser lets it), then the cursor moves up into the
    // rows that stay, and a poll drops the last five.
    scrollGridTo(grid, 2986);
    for (let i = 0; i < 8; i += 1) act(() => void fireEvent.keyDown(document.body, { key: 'k' }));
    act(() => api.pushSnapshot(aSnapshot(rows.slice(0, 2995), { seq: 2 })));
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('2995'));
    const shown = renderedRows(grid, all);
    // jsdom does not clamp scrollTop as a browser does: the window is the list's last screen.
    expect(shown.at(-1)).toBe(2994);
    expect(shown[0]).toBe(2995 - IN_VIEW - OVERSCAN);
  });

  it('a dialog that closes after the list changed returns focus to the cursor row, never to an element now showing someone else', async () => {
    const { grid } = await renderManyRows();
    // A short result (111 rows of 3,000): the cursor on its second row, which has focus.
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: '+100015' } }));
    act(() => void fireEvent.keyDown(document.body, { key: 'j' }));
    const cursorId = () => grid.querySelector<HTMLElement>('[aria-selected="true"]')?.dataset.requestId;
    const person = cursorId()!;
    act(() => grid.querySelector<HTMLElement>(`[data-request-id="${person}"]`)!.focus());
    // The command palette opens; meanwhile the search is cleared (the whole queue again, the
    // rows taking the elements in order), then the palette closes.
    act(() => void fireEvent.keyDown(document.activeElement!, { key: 'k', ctrlKey: true }));
    const palette = await screen.findByRole('dialog');
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: '' }));
    act(() => void fireEvent.keyDown(palette, { key: 'Escape' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(cursorId()).toBe(person);
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.requestId).toBe(person));
  });

  it('a poll\'s new list is rendered whole at once: the rows in the DOM stay put', async () => {
    useClockStore.getState().tick(T0);
    const rows = manyRequests(3000);
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    // The first list is rendered whole.
    expect(renderedRows(grid, rows.map((r) => r.id))).toEqual(range(0, IN_VIEW + OVERSCAN));
    const next = [...rows, { ...rows[0]!, id: 'bulk-new', displayName: 'Person 3000', createdAt: T0 }];
    act(() => api.pushSnapshot(aSnapshot(next, { seq: 2 })));
    expect(grid.getAttribute('aria-rowcount')).toBe('3001');
    expect(renderedRows(grid, next.map((r) => r.id))).toEqual(range(0, IN_VIEW + OVERSCAN));
  });

  it('moving the cursor past the view renders the rows where it scrolls to, in the same render', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(manyRequests(1000)) })} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('1000'));
    const cursorRow = () => grid.querySelector('[aria-selected="true"]');
    await waitFor(() => expect(cursorRow()?.getAttribute('aria-rowindex')).toBe('1'));
    // jsdom has no layout and never scrolls: the cursor row exists only because the window was
    // worked out for the position the grid scrolls to. No render on the way shows rows elsewhere.
    const indexesSeen = new Set<number>();
    const seen = new MutationObserver((records) => {
      for (const r of records) if (r.oldValue) indexesSeen.add(Number(r.oldValue));
    });
    seen.observe(grid, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['aria-rowindex'] });
    for (let i = 2; i <= 60; i += 1) {
      act(() => void fireEvent.keyDown(document.body, { key: 'j' }));
      expect(cursorRow()?.getAttribute('aria-rowindex')).toBe(String(i));
    }
    const indexes = within(grid)
      .getAllByRole('row')
      .map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.min(...indexes)).toBeGreaterThan(1);
    expect(Math.max(...indexes)).toBeGreaterThanOrEqual(60);
    seen.takeRecords().forEach((r) => r.oldValue && indexesSeen.add(Number(r.oldValue)));
    seen.disconnect();
    expect(Math.max(...indexesSeen)).toBeLessThanOrEqual(60 + OVERSCAN + 1);
    // The cursor row came into view at the bottom edge, one row at a time (jsdom's grid is 720 px).
    expect(grid.scrollTop).toBe(60 * ROW_HEIGHT - 720);
    // Going back up: no scroll while the cursor row is in view, then it comes in at the top edge.
    const top = grid.scrollTop;
    const firstInView = Math.ceil(top / ROW_HEIGHT);
    for (let i = 59; i > firstInView; i -= 1) act(() => void fireEvent.keyDown(document.body, { key: 'k' }));
    expect(cursorRow()?.getAttribute('aria-rowindex')).toBe(String(firstInView + 1));
    expect(grid.scrollTop).toBe(top);
    act(() => void fireEvent.keyDown(document.body, { key: 'k' }));
    expect(grid.scrollTop).toBe((firstInView - 1) * ROW_HEIGHT);
    // Scrolling away from the cursor is not undone while the cursor and the list stay the same.
    act(() => {
      grid.scrollTop = 700 * ROW_HEIGHT;
      fireEvent.scroll(grid);
    });
    act(() => useClockStore.getState().tick(T0 + 1000));
    expect(grid.scrollTop).toBe(700 * ROW_HEIGHT);
    expect(within(grid).getByRole('row', { name: /^Person 700,/ })).toBeTruthy();
  });

  it('a poll\'s new list leaves the view where the operator scrolled it; a cursor row in view is kept in view', async () => {
    const { rows, grid, api } = await renderManyRows();
    const cursorRow = () => grid.querySelector<HTMLElement>('[aria-selected="true"]');
    // The cursor on the first row, which has focus (a keyboard user); the operator scrolls 700 rows down to read.
    await waitFor(() => expect(cursorRow()?.getAttribute('aria-rowindex')).toBe('1'));
    act(() => cursorRow()!.focus());
    scrollGridTo(grid, 700);
    // A request that waited longer than all of them arrives: every row moves down one.
    const older = { ...rows[0]!, id: 'bulk-older', displayName: 'Person 9999', createdAt: T0 - 10_000_000 };
    act(() => api.pushSnapshot(aSnapshot([older, ...rows], { seq: 2 })));
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('3001'));
    expect(grid.scrollTop).toBe(700 * ROW_HEIGHT);
    // The cursor row keeps focus, out of view (its element stays, so nothing puts focus back and scrolls).
    expect(document.activeElement).toBe(cursorRow());
    expect(cursorRow()!.getAttribute('aria-rowindex')).toBe('2');
    // Back at the cursor (Home is a cursor move: it reveals), the last row in view: a second older
    // request pushes it past the bottom edge, and the view follows it.
    act(() => void fireEvent.keyDown(document.body, { key: 'Home' }));
    expect(grid.scrollTop).toBe(0);
    const lastInView = Math.floor(720 / ROW_HEIGHT) - 1;
    for (let i = 0; i < lastInView; i += 1) act(() => void fireEvent.keyDown(document.body, { key: 'j' }));
    const held = cursorRow()!.dataset.requestId!;
    expect(grid.scrollTop).toBe(0);
    const oldest = { ...rows[0]!, id: 'bulk-oldest', displayName: 'Person 9998', createdAt: T0 - 20_000_000 };
    act(() => api.pushSnapshot(aSnapshot([oldest, older, ...rows], { seq: 3 })));
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('3002'));
    expect(cursorRow()?.dataset.requestId).toBe(held);
    expect(grid.scrollTop).toBe((lastInView + 2) * ROW_HEIGHT - 720);
  });

  it('a row says in its name why it cannot be decided, and whether it is in the bulk selection (aria-selected is the cursor)', async () => {
    useClockStore.getState().tick(T0);
    const rows = [aRequest({ id: 'a', displayName: 'Ana' }), aRequest({ id: 'b', displayName: 'Bo', canDecide: false, readOnlyReason: 'This agent is read-only for your account.' })];
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    const bo = await screen.findByRole('row', { name: /^Bo,/ });
    expect(bo.getAttribute('aria-label')).toMatch(/, read-only: This agent is read-only for your account\.$/);
    const ana = screen.getByRole('row', { name: /^Ana,/ });
    expect(ana.getAttribute('aria-label')).not.toMatch(/read-only|in your selection/);
    fireEvent.click(within(ana).getByRole('checkbox', { name: 'Select' }));
    expect(screen.getByRole('row', { name: /^Ana,/ }).getAttribute('aria-label')).toMatch(/, in your selection$/);
  });

  it('focus the operator took off the list (a click on a part of the page that takes none) is not brought back by a poll, nor is the list scrolled', async () => {
    const { rows, grid, api } = await renderManyRows();
    const cursorRow = () => grid.querySelector<HTMLElement>('[aria-selected="true"]');
    await waitFor(() => expect(cursorRow()).not.toBeNull());
    act(() => cursorRow()!.focus());
    act(() => cursorRow()!.blur());
    expect(document.activeElement).toBe(document.body);
    scrollGridTo(grid, 700);
    const older = { ...rows[0]!, id: 'bulk-older', displayName: 'Person 9999', createdAt: T0 - 10_000_000 };
    act(() => api.pushSnapshot(aSnapshot([older, ...rows], { seq: 2 })));
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('3001'));
    expect(document.activeElement).toBe(document.body);
    expect(grid.scrollTop).toBe(700 * ROW_HEIGHT);
  });

  it('x on a cursor row scrolled out of view ticks it and brings it into view (what was ticked is seen)', async () => {
    const { grid } = await renderManyRows();
    const cursorRow = () => grid.querySelector<HTMLElement>('[aria-selected="true"]');
    await waitFor(() => expect(cursorRow()).not.toBeNull());
    scrollGridTo(grid, 700);
    act(() => void fireEvent.keyDown(document.body, { key: 'x' }));
    expect(cursorRow()!.getAttribute('aria-label')).toMatch(/, in your selection$/);
    expect(grid.scrollTop).toBe(0);
  });

  it('"Clear filters" goes with the filters: focus goes to the cursor row, not to the page', async () => {
    const { grid } = await renderManyRows();
    act(() => void fireEvent.change(screen.getByRole('searchbox', { name: 'Search requests' }), { target: { value: 'nobody like this' } }));
    const clear = within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Clear filters' });
    act(() => clear.focus());
    fireEvent.click(clear);
    await waitFor(() => expect((document.activeElement as HTMLElement).getAttribute('role')).toBe('row'));
    expect(document.activeElement).toBe(grid.querySelector('[aria-selected="true"]'));
  });

  it('F10: when the cursor row vanishes, the cursor and focus move to the next request', async () => {
    useClockStore.getState().tick(T0);
    const rows = [aRequest({ id: 'a', displayName: 'Ana', createdAt: 3 }), aRequest({ id: 'b', displayName: 'Bo', createdAt: 4 }), aRequest({ id: 'c', displayName: 'Cy', createdAt: 5 })];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^Ana/ });
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-request-id')).toBe('b'));
    act(() => api.pushSnapshot(aSnapshot([rows[0]!, rows[2]!], { seq: 2 })));
    await waitFor(() => expect(screen.getByRole('row', { name: /^Cy/ }).getAttribute('aria-selected')).toBe('true'));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-request-id')).toBe('c'));
    // New rows arriving elsewhere never move the cursor.
    act(() => api.pushSnapshot(aSnapshot([aRequest({ id: 'z', displayName: 'Zoe', createdAt: 1 }), rows[0]!, rows[2]!], { seq: 3 })));
    expect(screen.getByRole('row', { name: /^Cy/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('a clock tick, a status-only snapshot and j/k moves do not sort or filter the whole queue again', async () => {
    useClockStore.getState().tick(T0);
    const rows = manyRequests(5_000);
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1, requestsRev: 1 }) });
    render(<App api={api} />);
    const grid = await screen.findByRole('grid', { name: 'Requests' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('5000'));
    // Counts every sort or filter over (nearly) the whole queue from here on.
    const sort = vi.spyOn(Array.prototype, 'sort');
    const filter = vi.spyOn(Array.prototype, 'filter');
    const wholeQueue = (spy: typeof sort | typeof filter) => spy.mock.contexts.filter((a) => (a as unknown[]).length >= 4_000).length;
    try {
      act(() => useClockStore.getState().tick(T0 + 60_000));
      act(() => api.pushSnapshot(aSnapshot(structuredClone(rows), { seq: 2, requestsRev: 1, workspaces: [aWorkspace({ label: 'Renamed' })] })));
      fireEvent.keyDown(document.body, { key: 'j' });
      fireEvent.keyDown(document.body, { key: 'j' });
      fireEvent.keyDown(document.body, { key: 'k' });
      await waitFor(() => expect(grid.querySelector('[aria-selected="true"]')?.getAttribute('data-request-id')).toBe(rows[1]!.id));
      expect(wholeQueue(sort)).toBe(0);
      expect(wholeQueue(filter)).toBe(0);
      // A snapshot with new rows is sorted again, once.
      act(() => api.pushSnapshot(aSnapshot(manyRequests(4_500), { seq: 3, requestsRev: 2 })));
      await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('4500'));
      expect(wholeQueue(sort)).toBe(1);
    } finally {
      sort.mockRestore();
      filter.mockRestore();
    }
  });

  it('age badges turn amber and red at the configured thresholds', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({
      snapshot: aSnapshot([aRequest({ displayName: 'Fresh', createdAt: T0 - 5 * 60_000 }), aRequest({ displayName: 'Warm', createdAt: T0 - 45 * 60_000 }), aRequest({ displayName: 'Hot', createdAt: T0 - 3 * 3_600_000 })]),
      settings: { ageAmberMinutes: 30, ageRedMinutes: 120 },
    });
    render(<App api={api} />);
    await screen.findByRole('row', { name: /^Fresh/ });
    await waitFor(() => expect(screen.getByRole('row', { name: /^Warm/ }).querySelector('.age')!.className).toContain('age-amber'));
    expect(screen.getByRole('row', { name: /^Hot/ }).querySelector('.age')!.className).toContain('age-red');
    expect(screen.getByRole('row', { name: /^Fresh/ }).querySelector('.age')!.className).toContain('age-fresh');
    expect(screen.getByRole('row', { name: /^Hot/ }).querySelector('.age')!.textContent).toBe('3 h');
  });

  it('F16: names sit in <bdi dir="auto"> with direction controls stripped, next to the address and provider', async () => {
    useClockStore.getState().tick(T0);
    const api = createFakeAppApi({ snapshot: aSnapshot([aRequest({ displayName: 'ali\u202Egnp.exe', address: '+15550009999', provider: 'sms' })]) });
    render(<App api={api} />);
    const row = await screen.findByRole('row', { name: /aligno|alignp/ });
    const bdi = row.querySelector('bdi.name')!;
    expect(bdi.getAttribute('dir')).toBe('auto');
    expect(bdi.textContent).toBe('alignp.exe');
    expect(row.textContent).not.toContain('\u202E');
    expect(row.textContent).toContain('+15550009999');
    expect(row.textContent).toContain('SMS');
  });
});

describe('queue grid with several workspaces', () => {
  // The audit's look-alikes: the same unnamed SMS sender on the same agent, one in each workspace.
  const lookAlike = (id: string, workspaceId: string) =>
    aRequest({ id, workspaceId, displayName: '', address: '+447700900123', provider: 'sms', agentName: 'Support Desk', createdAt: T0 - 5 * 60_000 });
  const two = (second = 'Beta') => [aWorkspace({ id: 'ws-1', label: 'Acme EU' }), aWorkspace({ id: 'ws-2', label: second })];
  const senderLine = (row: HTMLElement) => row.querySelector('.cell-sender .line-sub')!.textContent;

  it('look-alike requests in two workspaces name their workspace in the row and in its label, with the same words', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot([lookAlike('a', 'ws-1'), lookAlike('b', 'ws-2')], { workspaces: two() }) })} />);
    const acme = await screen.findByRole('row', { name: /workspace Acme EU/ });
    const beta = screen.getByRole('row', { name: /workspace Beta/ });
    expect(acme.getAttribute('aria-label')).toBe('(no name), +447700900123, SMS, workspace Acme EU, Support Desk, waiting 5 min');
    expect(beta.getAttribute('aria-label')).toBe('(no name), +447700900123, SMS, workspace Beta, Support Desk, waiting 5 min');
    // Seen on the sender's second line (the cell every width keeps), after the provider.
    expect(senderLine(acme)).toBe('+447700900123 · SMS · Acme EU');
    expect(senderLine(beta)).toBe('+447700900123 · SMS · Beta');
    // The row's buttons say whom they act on, workspace included.
    expect(within(acme).getByRole('button', { name: 'Approve', description: /Acme EU/ })).toBeTruthy();
    expect(within(beta).getByRole('button', { name: 'Reject', description: /Beta/ })).toBeTruthy();
  });

  it('with one workspace a row names none (as before)', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot([lookAlike('a', 'ws-1')]) })} />);
    const row = await screen.findByRole('row', { name: /^\(no name\)/ });
    expect(row.getAttribute('aria-label')).toBe('(no name), +447700900123, SMS, Support Desk, waiting 5 min');
    expect(senderLine(row)).toBe('+447700900123 · SMS');
  });

  it('a second workspace signing in names the workspace on the rows already shown; back to one, the names go', async () => {
    useClockStore.getState().tick(T0);
    const rows = [lookAlike('a', 'ws-1')];
    const api = createFakeAppApi({ snapshot: aSnapshot(rows, { seq: 1 }) });
    render(<App api={api} />);
    const row = await screen.findByRole('row', { name: /^\(no name\)/ });
    act(() => api.pushSnapshot(aSnapshot(rows, { seq: 2, workspaces: two() })));
    expect(row.getAttribute('aria-label')).toContain('SMS, workspace Acme EU, Support Desk');
    expect(senderLine(row)).toBe('+447700900123 · SMS · Acme EU');
    act(() => api.pushSnapshot(aSnapshot(rows, { seq: 3, workspaces: [aWorkspace({ id: 'ws-1', label: 'Acme EU' })] })));
    expect(row.getAttribute('aria-label')).not.toContain('workspace');
    expect(senderLine(row)).toBe('+447700900123 · SMS');
  });

  it('a long or right-to-left workspace name is isolated, cut on one line, and said as shown; hidden characters never show', async () => {
    useClockStore.getState().tick(T0);
    const long = 'שירות לקוחות'.repeat(5); // 60 graphemes: cut to 40
    render(<App api={createFakeAppApi({ snapshot: aSnapshot([lookAlike('a', 'ws-1'), lookAlike('b', 'ws-2')], { workspaces: two(`\u202E${long}`) }) })} />);
    const row = await screen.findByRole('row', { name: /workspace ש/ });
    const name = row.querySelector('.line-sub bdi.row-workspace')!;
    expect(name.getAttribute('dir')).toBe('auto');
    const shown = `${long.slice(0, 40)}…`;
    expect(name.textContent).toBe(shown);
    expect(row.getAttribute('aria-label')).toContain(`SMS, workspace ${shown}, Support Desk`);
    expect(row.textContent).not.toContain('\u202E');
    // It sits in the sender's second line, which keeps one line and ends in an ellipsis (styles.css .line-sub), inside the fixed-height row.
    expect(name.closest('.line-sub')).not.toBeNull();
    expect(row.style.height).toBe(`${ROW_HEIGHT}px`);
  });
});
