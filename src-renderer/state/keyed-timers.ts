/** One timer per key (a request's or a batch's undo window, how long a success stays), dropped together on dispose. */
export interface KeyedTimers {
  /** Runs `fn` after `ms`, replacing the key's timer; nothing runs once disposed. */
  later(key: string, ms: number, fn: () => void): void;
  /** Stops the key's timer, if any. */
  cancel(key: string): void;
  /** The keys with a timer still due. */
  keys(): string[];
  isDisposed(): boolean;
  dispose(): void;
}

export function createKeyedTimers(setTimer: (fn: () => void, ms: number) => unknown, clearTimer: (handle: unknown) => void): KeyedTimers {
  const timers = new Map<string, unknown>();
  let disposed = false;
  return {
    later(key, ms, fn) {
      const old = timers.get(key);
      if (old !== undefined) clearTimer(old);
      timers.set(
        key,
        setTimer(() => {
          timers.delete(key);
          if (!disposed) fn();
        }, ms),
      );
    },
    cancel(key) {
      const t = timers.get(key);
      if (t !== undefined) clearTimer(t);
      timers.delete(key);
    },
    keys: () => [...timers.keys()],
    isDisposed: () => disposed,
    dispose() {
      disposed = true;
      for (const t of timers.values()) clearTimer(t);
      timers.clear();
    },
  };
}
