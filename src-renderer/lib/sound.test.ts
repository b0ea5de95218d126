import { afterEach, describe, expect, it } from 'vitest';
import { playChime } from './sound';

type Call = [string, ...unknown[]];

/** An AudioContext stand-in that records what the chime asks of it. */
function fakeAudio(opts: { throwOnCreate?: boolean } = {}) {
  const calls: Call[] = [];
  const contexts: Array<{ osc: { onended: (() => void) | null; frequency: { value: number } } }> = [];
  class FakeContext {
    currentTime = 10;
    destination = { name: 'speakers' };
    osc = {
      frequency: { value: 0 },
      onended: null as (() => void) | null,
      connect: (node: unknown) => {
        calls.push(['osc.connect', node === this.gainNode ? 'gain' : node]);
        return this.gainNode;
      },
      start: () => void calls.push(['osc.start']),
      stop: (at: number) => void calls.push(['osc.stop', at]),
    };
    gainNode = {
      gain: {
        setValueAtTime: (v: number, at: number) => void calls.push(['gain.set', v, at]),
        exponentialRampToValueAtTime: (v: number, at: number) => void calls.push(['gain.ramp', v, at]),
      },
      connect: (node: unknown) => {
        calls.push(['gain.connect', node === this.destination ? 'destination' : node]);
        return node;
      },
    };
    constructor() {
      if (opts.throwOnCreate) throw new Error('NotAllowedError');
      contexts.push(this);
    }
    createOscillator() {
      return this.osc;
    }
    createGain() {
      return this.gainNode;
    }
    close() {
      calls.push(['close']);
      return Promise.resolve();
    }
  }
  Object.defineProperty(window, 'AudioContext', { value: FakeContext, configurable: true, writable: true });
  return { calls, contexts };
}

afterEach(() => {
  Reflect.deleteProperty(window, 'AudioContext');
});

describe('playChime', () => {
  it('plays one quiet 880 Hz tone that fades out over 0.3 s, then closes its audio context', () => {
    const { calls, contexts } = fakeAudio();
    playChime();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.osc.frequency.value).toBe(880);
    expect(calls).toEqual([
      ['gain.set', 0.08, 10],
      ['gain.ramp', 0.0001, 10.3],
      ['osc.connect', 'gain'],
      ['gain.connect', 'destination'],
      ['osc.start'],
      ['osc.stop', 10.3],
    ]);
    contexts[0]!.osc.onended?.();
    expect(calls.at(-1)).toEqual(['close']);
  });

  it('stays silent, without throwing, where the page has no audio or may not use it', () => {
    expect(() => playChime()).not.toThrow(); // jsdom: no AudioContext
    const { calls } = fakeAudio({ throwOnCreate: true });
    expect(() => playChime()).not.toThrow();
    expect(calls).toEqual([]);
  });
});
