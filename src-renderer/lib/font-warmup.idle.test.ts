import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../src-shared/domain';
import { aRequest } from '../../test/fakes/builders';

/**
 * warmFontsFor in a page: jsdom has neither idle callbacks nor a canvas, so the test gives the
 * page an idle queue it runs by hand (with the time each idle period has left) and a canvas
 * context that records what it was asked to measure. The module is loaded fresh for each test:
 * the characters it has measured are kept for the page's lifetime.
 */
type Idle = { id: number; run: (deadline: { timeRemaining: () => number }) => void };

let idle: Idle[];
let cancelled: number[];
let measured: { font: string; text: string }[];
let context: { font: string; measureText: (text: string) => void } | null;

beforeEach(() => {
  idle = [];
  cancelled = [];
  measured = [];
  let nextId = 1;
  vi.stubGlobal('requestIdleCallback', (run: Idle['run']) => {
    const id = nextId++;
    idle.push({ id, run });
    return id;
  });
  vi.stubGlobal('cancelIdleCallback', (id: number) => {
    cancelled.push(id);
    idle = idle.filter((i) => i.id !== id);
  });
  context = {
    font: '',
    measureText(text: string) {
      measured.push({ font: this.font, text });
    },
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context as unknown as CanvasRenderingContext2D);
  document.body.style.fontFamily = 'Inter, sans-serif';
  vi.resetModules();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.style.fontFamily = '';
});

async function load() {
  return import('./font-warmup');
}

/** Runs the oldest waiting idle callback with `ms` left in its period; returns false when none waits. */
function runIdle(ms: number): boolean {
  const next = idle.shift();
  if (!next) return false;
  next.run({ timeRemaining: () => ms });
  return true;
}

const chars = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const texts = () => measured.map((m) => m.text);

describe('font warm-up in the page: what is measured, when, and in which fonts', () => {
  it('measures each character outside ASCII in the three row fonts of the page family, in code point order, then stops asking for idle time', async () => {
    const { warmFontsFor } = await load();
    warmFontsFor([aRequest({ displayName: 'Ωé', address: 'x', agentName: 'دعم', connectorName: 'a', conversationName: 'b' })]);
    expect(idle).toHaveLength(1);
    runIdle(50); // plenty of time: the rows are read and every character measured in one period
    const text = String.fromCodePoint(...chars('éΩدعم').sort((a, b) => a - b));
    expect(measured).toEqual([
      { font: '400 14px Inter, sans-serif', text },
      { font: '600 14px Inter, sans-serif', text },
      { font: '400 12.5px Inter, sans-serif', text },
    ]);
    expect(idle).toHaveLength(0); // done: nothing more scheduled
  });

  it('falls back to sans-serif when the page names no font family', async () => {
    document.body.style.fontFamily = '';
    vi.spyOn(window, 'getComputedStyle').mockReturnValue({ fontFamily: '' } as CSSStyleDeclaration);
    const { warmFontsFor } = await load();
    warmFontsFor([aRequest({ displayName: 'Ω' })]);
    runIdle(50);
    expect(measured.map((m) => m.font)).toEqual(['400 14px sans-serif', '600 14px sans-serif', '400 12.5px sans-serif']);
  });

  it('measures 16 characters per slice and keeps going while the idle period has more than 1 ms left', async () => {
    const { warmFontsFor } = await load();
    // 40 Greek letters: three slices of 16, 16 and 8.
    const greek = String.fromCodePoint(...Array.from({ length: 40 }, (_, i) => 0x391 + i));
    warmFontsFor([aRequest({ displayName: greek, address: '', agentName: '', connectorName: '', conversationName: '' })]);
    runIdle(1); // exactly 1 ms left counts as no time: the rows are read, nothing measured yet
    expect(measured).toHaveLength(0);
    expect(idle).toHaveLength(1);
    runIdle(1); // one slice per period when there is no time left
    expect(texts()).toEqual(Array(3).fill(greek.slice(0, 16)));
    runIdle(1.5); // time left: the rest in this period
    expect(texts().slice(3)).toEqual([...Array(3).fill(greek.slice(16, 32)), ...Array(3).fill(greek.slice(32, 40))]);
    expect(idle).toHaveLength(0);
  });

  it('reads the rows 2,000 per idle period before measuring, so a long list never blocks a frame', async () => {
    const { warmFontsFor } = await load();
    const rows: RequestView[] = Array.from({ length: 4500 }, () => aRequest({ displayName: 'plain', address: '', agentName: '', connectorName: '', conversationName: '' }));
    rows[4499] = aRequest({ displayName: 'Ω', address: '', agentName: '', connectorName: '', conversationName: '' });
    warmFontsFor(rows);
    runIdle(0); // rows 0-1999
    runIdle(0); // 2000-3999
    expect(measured).toHaveLength(0);
    runIdle(0); // 4000-4499: the last row's Ω is found
    expect(measured).toHaveLength(0);
    runIdle(0);
    expect(texts()).toEqual(['Ω', 'Ω', 'Ω']);
    runIdle(0); // finds nothing left to measure and asks for no more idle time
    expect(measured).toHaveLength(3);
    expect(idle).toHaveLength(0);
  });

  it('never measures a character twice, whatever rows or later warm-ups bring it back', async () => {
    const { warmFontsFor } = await load();
    warmFontsFor([aRequest({ displayName: 'Ω' })]);
    runIdle(50);
    expect(measured).toHaveLength(3);
    warmFontsFor([aRequest({ displayName: 'ΩΩ', agentName: 'Ω' })]); // new row objects, same character
    runIdle(50);
    expect(measured).toHaveLength(3);
    expect(idle).toHaveLength(0);
  });

  it('cancel stops the waiting idle callback, and a callback that runs anyway measures nothing', async () => {
    const { warmFontsFor } = await load();
    const cancel = warmFontsFor([aRequest({ displayName: 'Ω' })]);
    const waiting = idle[0]!;
    cancel();
    expect(cancelled).toEqual([waiting.id]);
    waiting.run({ timeRemaining: () => 50 }); // the browser ran it before the cancel reached it
    expect(measured).toHaveLength(0);
    expect(idle).toHaveLength(0);
  });

  it('characters found before a cancel are measured by the next warm-up, without reading those rows again', async () => {
    const { warmFontsFor } = await load();
    const row = aRequest({ displayName: 'Ωé', address: '', agentName: '', connectorName: '', conversationName: '' });
    const cancel = warmFontsFor([row]);
    runIdle(0); // reads the row, measures nothing yet
    cancel();
    warmFontsFor([]); // the next snapshot: no rows, but the characters found are still to measure
    runIdle(50);
    expect(texts()).toEqual(Array(3).fill('éΩ'));
  });

  it('does nothing where the page has no canvas context or no idle callbacks', async () => {
    context = null;
    let { warmFontsFor } = await load();
    warmFontsFor([aRequest({ displayName: 'Ω' })])();
    expect(idle).toHaveLength(0);

    context = { font: '', measureText: (text: string) => void measured.push({ font: '', text }) };
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.resetModules();
    ({ warmFontsFor } = await load());
    expect(() => warmFontsFor([aRequest({ displayName: 'Ω' })])()).not.toThrow();
    expect(measured).toHaveLength(0);
  });
});

describe('font warm-up: character edges', () => {
  it('U+0080 is the first character outside ASCII, and U+FFFF is one code unit (the character after it is not skipped)', async () => {
    const { newCharacters } = await load();
    const found = new Set<number>();
    newCharacters([aRequest({ displayName: '\u007f\u0080', address: '\uffffé', agentName: '', connectorName: '', conversationName: '' })], 0, 1, found);
    expect([...found].sort((a, b) => a - b)).toEqual([0x80, 0xe9, 0xffff]);
  });
});
