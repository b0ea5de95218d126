/**
 * Remembered window bounds are only a wish: displays come and go (laptop undocked, monitor
 * rearranged). This keeps the window on a display the user can see.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  /** The display's usable area (without taskbar/menu bar), in screen coordinates. */
  workArea: Rect;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** How much of the window must overlap a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

function isRect(value: unknown): value is Rect {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k] as number));
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), Math.max(lo, hi));
}

function centreIn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: Math.round(area.x + (area.width - w) / 2), y: Math.round(area.y + (area.height - h) / 2), width: w, height: h };
}

/**
 * Saved bounds that still overlap a display visibly are kept, shrunk to that display and moved
 * fully inside it. Otherwise (no saved bounds, garbage, or a display that is gone) the window is
 * centred on the first (primary) display at the default size.
 */
export function fitBoundsToDisplays(bounds: unknown, displays: readonly DisplayArea[]): Rect {
  const wanted = isRect(bounds) && bounds.width > 0 && bounds.height > 0 ? bounds : null;
  const primary = displays[0]?.workArea;
  if (!primary) {
    const r = wanted ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
    return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
  }
  if (!wanted) return centreIn(primary, DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height);

  let best: { area: Rect; score: number } | null = null;
  for (const d of displays) {
    const o = overlap(wanted, d.workArea);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && (!best || o.width * o.height > best.score)) {
      best = { area: d.workArea, score: o.width * o.height };
    }
  }
  if (!best) {
    return centreIn(primary, Math.max(MIN_WINDOW_SIZE.width, Math.round(wanted.width)), Math.max(MIN_WINDOW_SIZE.height, Math.round(wanted.height)));
  }
  const area = best.area;
  const width = Math.min(Math.round(wanted.width), area.width);
  const height = Math.min(Math.round(wanted.height), area.height);
  return {
    x: clamp(Math.round(wanted.x), area.x, area.x + area.width - width),
    y: clamp(Math.round(wanted.y), area.y, area.y + area.height - height),
    width,
    height,
  };
}
