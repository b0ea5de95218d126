import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, fitBoundsToDisplays } from './window-bounds';

const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } };

describe('fitBoundsToDisplays', () => {
  it('keeps saved bounds that are fully visible', () => {
    expect(fitBoundsToDisplays({ x: 100, y: 100, width: 1000, height: 700 }, [laptop])).toEqual({ x: 100, y: 100, width: 1000, height: 700 });
  });

  it('keeps a window on the second display', () => {
    expect(fitBoundsToDisplays({ x: 2000, y: 200, width: 1200, height: 900 }, [laptop, external])).toEqual({ x: 2000, y: 200, width: 1200, height: 900 });
  });

  it('centres on the primary display when the saved display is gone (undocked)', () => {
    const r = fitBoundsToDisplays({ x: 2000, y: 200, width: 1200, height: 800 }, [laptop]);
    expect(r).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
  });

  it('pulls a window hanging off the edge back inside its display', () => {
    expect(fitBoundsToDisplays({ x: 1200, y: -50, width: 1000, height: 700 }, [laptop])).toEqual({ x: 440, y: 25, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display', () => {
    expect(fitBoundsToDisplays({ x: 0, y: 25, width: 3000, height: 2000 }, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it.each([null, undefined, 'garbage', { x: Number.NaN, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 0, height: 100 }])(
    'uses the default size for %p',
    (saved) => {
      const r = fitBoundsToDisplays(saved, [laptop]);
      expect({ width: r.width, height: r.height }).toEqual({ width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height });
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(25);
    },
  );

  it('passes bounds through when no display is known', () => {
    expect(fitBoundsToDisplays({ x: 1.4, y: 2, width: 800, height: 600 }, [])).toEqual({ x: 1, y: 2, width: 800, height: 600 });
  });

  it('pulls a window hanging off the bottom back up inside its display', () => {
    expect(fitBoundsToDisplays({ x: 100, y: 800, width: 1000, height: 700 }, [laptop])).toEqual({ x: 100, y: 200, width: 1000, height: 700 });
  });

  it('a window 160 × 80 px of which still show on the display stays there; one pixel less in either direction and it is centred', () => {
    // The laptop's work area ends at x 1440 and y 900.
    expect(fitBoundsToDisplays({ x: 1280, y: 820, width: 800, height: 600 }, [laptop])).toEqual({ x: 640, y: 300, width: 800, height: 600 });
    const centred = { x: 320, y: 163, width: 800, height: 600 };
    expect(fitBoundsToDisplays({ x: 1281, y: 820, width: 800, height: 600 }, [laptop])).toEqual(centred);
    expect(fitBoundsToDisplays({ x: 1280, y: 821, width: 800, height: 600 }, [laptop])).toEqual(centred);
  });

  it('a window beside the display (overlapping its columns, not its rows) is centred, not kept', () => {
    expect(fitBoundsToDisplays({ x: 100, y: 2000, width: 1000, height: 700 }, [laptop])).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
    expect(fitBoundsToDisplays({ x: 100, y: -1000, width: 1000, height: 700 }, [laptop])).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
  });

  it('a window across two displays goes to the one showing more of it (by area), whatever their order', () => {
    // 400 × 400 px on the laptop, 400 × 200 px on a display below it: the laptop shows more.
    const below = { workArea: { x: 0, y: 900, width: 1440, height: 900 } };
    const across = { x: 1040, y: 500, width: 700, height: 600 };
    const onLaptop = { x: 740, y: 300, width: 700, height: 600 };
    expect(fitBoundsToDisplays(across, [laptop, below])).toEqual(onLaptop);
    expect(fitBoundsToDisplays(across, [below, laptop])).toEqual(onLaptop);
    // Half on each: the display listed first (the primary) keeps it.
    expect(fitBoundsToDisplays({ x: 1040, y: 100, width: 800, height: 600 }, [laptop, external])).toEqual({ x: 640, y: 100, width: 800, height: 600 });
    expect(fitBoundsToDisplays({ x: 1040, y: 100, width: 800, height: 600 }, [external, laptop])).toEqual({ x: 1440, y: 100, width: 800, height: 600 });
    // Mostly on the external display, partly on the laptop: it goes to the external one.
    expect(fitBoundsToDisplays({ x: 1240, y: 100, width: 1000, height: 700 }, [laptop, external])).toEqual({ x: 1440, y: 100, width: 1000, height: 700 });
  });

  it.each([
    ['a size given as text', { x: 100, y: 100, width: '1000', height: 700 }],
    ['a missing coordinate', { x: 100, width: 1000, height: 700 }],
    ['no height', { x: 100, y: 100, width: 1000, height: 0 }],
    ['a negative height', { x: 100, y: 100, width: 1000, height: -700 }],
  ])('saved bounds with %s are not used: the default size, centred', (_what, saved) => {
    expect(fitBoundsToDisplays(saved, [laptop])).toEqual({ x: 120, y: 63, width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height });
  });
});
