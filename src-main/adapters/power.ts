/**
 * Sleep and lock pause the pollers; wake and unlock resume them (F38). The core aborts in-flight
 * polls, stops its timers and, on resume, polls after a jitter and announces any backlog once.
 */
import { powerMonitor } from 'electron';

export interface PowerCore {
  suspend(): void;
  resume(): void;
}

/** Wires powerMonitor events to the core; returns a function that removes the listeners. */
export function registerPowerHandlers(core: PowerCore): () => void {
  const suspend = () => core.suspend();
  const resume = () => core.resume();
  powerMonitor.on('suspend', suspend);
  powerMonitor.on('lock-screen', suspend);
  powerMonitor.on('resume', resume);
  powerMonitor.on('unlock-screen', resume);
  return () => {
    powerMonitor.off('suspend', suspend);
    powerMonitor.off('lock-screen', suspend);
    powerMonitor.off('resume', resume);
    powerMonitor.off('unlock-screen', resume);
  };
}
