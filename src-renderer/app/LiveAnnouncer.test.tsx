import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { aRequest, aSnapshot, T0 } from '../../test/fakes/builders';
import { createFakeAppApi } from '../../test/fakes/fake-app-api';
import { App } from './App';
import { useClockStore } from '../state/clock';
import { useFiltersStore } from '../state/filters';
import { useViewStore } from '../state/view';
import { selectionText, SHOWN_SAID_MS } from './LiveAnnouncer';

const names: Record<string, string> = { r1: 'Ana', r2: 'Bo', r3: 'Cy' };
const nameOf = (id: string) => names[id] ?? null;

describe('what the live announcer says about the selection', () => {
  it.each<[string, string[], string[], string | null]>([
    ['one added', ['r1'], ['r1', 'r2'], 'Bo selected, 2 selected'],
    ['the first added', [], ['r1'], 'Ana selected, 1 selected'],
    ['one taken out', ['r1', 'r2'], ['r1'], 'Bo unselected, 1 selected'],
    ['the last taken out', ['r1'], [], 'Ana unselected, none selected'],
    ['several cleared (Esc)', ['r1', 'r2', 'r3'], [], 'Selection cleared'],
    ['a range added (Shift+J)', ['r1'], ['r1', 'r2', 'r3'], '3 selected'],
    ['one the console cannot name', ['r1'], ['r1', 'gone'], '2 selected'],
    ['nothing changed', ['r1'], ['r1'], null],
  ])('%s', (_name, before, after, said) => {
    expect(selectionText(before, after, nameOf)).toBe(said);
  });
});

describe('the live announcer in the console', () => {
  const rows = [aRequest({ id: 'r1', displayName: 'Ana', createdAt: T0 - 3_000_000 }), aRequest({ id: 'r2', displayName: 'Bo', createdAt: T0 - 2_000_000, matchedParticipantId: 'p-1' })];
  const press = (key: string) => fireEvent.keyDown(document.activeElement ?? document.body, { key });
  const said = () => screen.getByTestId('live-announcer');

  it('is in the page from the start, so what it says next is heard; `x` and the `a` chord are said in words', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    await screen.findByRole('row', { name: /^Ana/ });
    expect(said().getAttribute('aria-live')).toBe('polite');
    expect(said().textContent).toBe('');
    press('x');
    expect(said().textContent).toBe('Ana selected, 1 selected');
    const first = said().firstElementChild;
    press('x');
    expect(said().textContent).toBe('Ana unselected, none selected');
    // A new node each time: the same words again are heard again.
    expect(said().firstElementChild).not.toBe(first);
    press('j');
    press('a');
    expect(said().textContent).toBe('Approve Bo: n for a new participant, e for an existing participant, b to bind to the matched participant, Escape to cancel');
    // The visible hint carries no live region of its own (it appears already filled).
    expect(document.querySelector('.chord-hint')?.getAttribute('aria-live')).toBeNull();
  });

  it('how many requests the search leaves is said once typing rests, not per keystroke', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    await screen.findByRole('row', { name: /^Ana/ });
    vi.useFakeTimers();
    try {
      const search = screen.getByRole('searchbox', { name: 'Search requests' });
      fireEvent.change(search, { target: { value: 'a' } });
      act(() => vi.advanceTimersByTime(SHOWN_SAID_MS - 100));
      fireEvent.change(search, { target: { value: 'an' } });
      act(() => vi.advanceTimersByTime(SHOWN_SAID_MS - 100));
      expect(said().textContent).toBe('');
      act(() => vi.advanceTimersByTime(100));
      expect(said().textContent).toBe('1 of 2 shown');
      fireEvent.change(search, { target: { value: 'zz' } });
      act(() => vi.advanceTimersByTime(SHOWN_SAID_MS));
      expect(said().textContent).toBe('No requests match, 2 hidden by the search or filters');
    } finally {
      vi.useRealTimers();
    }
  });

  it('Enter opens the details with focus left on the row: said, with where they are; Esc closing them is said too', async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    await screen.findByRole('row', { name: /^Ana/ });
    press('Enter');
    await screen.findByRole('region', { name: 'Request details' });
    expect(said().textContent).toBe("Details of Ana shown; Tab past the row's buttons to read them.");
    // Moving on with the pane open says nothing more: the row's name is heard as usual.
    press('j');
    expect(said().textContent).toBe("Details of Ana shown; Tab past the row's buttons to read them.");
    press('Escape');
    expect(said().textContent).toBe('Details closed.');
  });

  it("says nothing when the console changes the selection (a search hid a selected request): that was not the operator's doing", async () => {
    useClockStore.getState().tick(T0);
    render(<App api={createFakeAppApi({ snapshot: aSnapshot(rows) })} />);
    await screen.findByRole('row', { name: /^Ana/ });
    press('x');
    expect(said().textContent).toBe('Ana selected, 1 selected');
    act(() => useFiltersStore.getState().setFilters('PENDING', { query: 'bo' }));
    await waitFor(() => expect(useViewStore.getState().selection).toEqual([]));
    expect(said().textContent).toBe('Ana selected, 1 selected');
  });
});
