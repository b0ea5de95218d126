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
});
