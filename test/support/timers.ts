/**
 * Timers that only fire when the test says so: the one hand-driven clock for core, the
 * simulator's demo loops and latency faults. It is itself a `Timers` (core's port) and also hands
 * itself out as `.timers` for the simulator's `timers` option.
 */
import type { Timers } from '../../src-main/core/ports';

export interface ManualTimers extends Timers {
  /** The same object, for APIs that take a `{ setTimeout, clearTimeout }` option (the simulator). */
  readonly timers: Timers;
  /** Delays of the timers scheduled right now. */
  scheduled(): number[];
  /** Runs every timer scheduled right now (timers they schedule wait for the next call). */
  runDue(): void;
  /** Runs only the timers scheduled right now with exactly this delay. */
  runDelay(ms: number): void;
}

export function manualTimers(): ManualTimers {
  let nextId = 1;
  const queue = new Map<number, { fn: () => void; ms: number }>();
  const run = (due: Array<[number, { fn: () => void }]>) => {
    for (const [id] of due) queue.delete(id);
    for (const [, e] of due) e.fn();
  };
  const self: ManualTimers = {
    setTimeout(fn, ms) {
      const id = nextId++;
      queue.set(id, { fn, ms });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
    get timers() {
      return self;
    },
    scheduled: () => [...queue.values()].map((e) => e.ms),
    runDue: () => run([...queue.entries()]),
    runDelay: (ms) => run([...queue.entries()].filter(([, e]) => e.ms === ms)),
  };
  return self;
}
