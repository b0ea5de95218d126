/** A coarse shared clock (ticks every 30 s) for ages and age qualifiers; tests set it directly. */
import { create } from 'zustand';

export interface ClockState {
  now: number;
  tick: (now: number) => void;
  reset: () => void;
}

export const useClockStore = create<ClockState>()((set) => ({
  now: Date.now(),
  tick: (now) => set({ now }),
  reset: () => set({ now: Date.now() }),
}));
