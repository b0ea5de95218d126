// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyedTimers, type KeyedTimers } from './keyed-timers';

let timers: KeyedTimers;
let ran: string[];
const note = (what: string) => () => void ran.push(what);

beforeEach(() => {
  vi.useFakeTimers();
  ran = [];
  timers = createKeyedTimers(
    (fn, ms) => setTimeout(fn, ms),
    (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  );
});
afterEach(() => timers.dispose());

describe('keyed timers (undo windows, how long a success stays)', () => {
  it('runs each key once when due, and forgets it', () => {
    timers.later('r1', 100, note('r1'));
    timers.later('r2', 200, note('r2'));
    expect(timers.keys()).toEqual(['r1', 'r2']);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['r1']);
    expect(timers.keys()).toEqual(['r2']);
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual(['r1', 'r2']);
    expect(timers.keys()).toEqual([]);
  });

  it('a new timer for a key replaces the old one: only the new one runs, at its own time', () => {
    timers.later('r1', 100, note('first'));
    timers.later('r1', 300, note('second'));
    vi.advanceTimersByTime(299);
    expect(ran).toEqual([]);
    expect(timers.keys()).toEqual(['r1']);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['second']);
  });

  it('cancel stops a key\'s timer and leaves the others; cancelling a key without one is harmless', () => {
    timers.later('r1', 100, note('r1'));
    timers.later('r2', 100, note('r2'));
    timers.cancel('r1');
    timers.cancel('nope');
    expect(timers.keys()).toEqual(['r2']);
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual(['r2']);
  });

  it('once disposed nothing runs, not even a timer set afterwards', () => {
    timers.later('r1', 100, note('r1'));
    expect(timers.isDisposed()).toBe(false);
    timers.dispose();
    expect(timers.isDisposed()).toBe(true);
    expect(timers.keys()).toEqual([]);
    timers.later('r2', 100, note('r2'));
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([]);
  });
});
