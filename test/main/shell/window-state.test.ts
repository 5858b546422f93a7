import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  restoreWindowState,
  windowStateToSave,
  type Rect,
} from '../../../src/main/shell/window-state';
import { fuzzParams } from '../../support/fuzz/config';

const LAPTOP: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const EXTERNAL: Rect = { x: 1440, y: -300, width: 2560, height: 1415 };

/** One to three displays side by side (work areas never overlap), the primary first. */
const displays = fc
  .array(
    fc.record({
      width: fc.integer({ min: 1024, max: 3840 }),
      height: fc.integer({ min: 700, max: 2160 }),
      y: fc.integer({ min: -800, max: 800 }),
      gap: fc.integer({ min: 0, max: 50 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((shapes) => {
    let x = 0;
    return shapes.map(({ width, height, y, gap }) => {
      const area = { x, y, width, height };
      x += width + gap;
      return area;
    });
  });

const saved = fc.record({
  bounds: fc.option(
    fc.record({
      x: fc.option(fc.integer({ min: -12_000, max: 12_000 }), { nil: undefined }),
      y: fc.option(fc.integer({ min: -12_000, max: 12_000 }), { nil: undefined }),
      width: fc.integer({ min: 640, max: 10_000 }),
      height: fc.integer({ min: 480, max: 10_000 }),
    }),
    { nil: undefined },
  ),
  maximized: fc.boolean(),
  fullScreen: fc.boolean(),
});

const inside = (rect: Rect, area: Rect) =>
  rect.x >= area.x &&
  rect.y >= area.y &&
  rect.x + rect.width <= area.x + area.width &&
  rect.y + rect.height <= area.y + area.height;

describe('restoreWindowState (property)', () => {
  it('never places the window outside every display: a kept position lies wholly on one', () => {
    fc.assert(
      fc.property(saved, displays, (state, areas) => {
        const { bounds } = restoreWindowState(state, areas);
        if (bounds.x === undefined || bounds.y === undefined) {
          // Placed by the OS on the primary display: the size must fit there.
          expect(bounds.width).toBeLessThanOrEqual(areas[0]!.width);
          expect(bounds.height).toBeLessThanOrEqual(areas[0]!.height);
        } else {
          const rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
          expect(areas.some((area) => inside(rect, area))).toBe(true);
        }
      }),
      fuzzParams(300),
    );
  });

  it('keeps the maximized and full-screen states, and is stable when restored twice', () => {
    fc.assert(
      fc.property(saved, displays, (state, areas) => {
        const once = restoreWindowState(state, areas);
        expect(once.maximized).toBe(state.maximized);
        expect(once.fullScreen).toBe(state.fullScreen);
        expect(restoreWindowState({ ...state, bounds: once.bounds }, areas)).toEqual(once);
      }),
      fuzzParams(300),
    );
  });

  it('gives back a window that was wholly on a display exactly as it was', () => {
    fc.assert(
      fc.property(displays, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (areas, a, b, c, d) => {
        const area = areas[a % areas.length]!;
        const width = MIN_WINDOW_SIZE.width + (b % Math.max(1, area.width - MIN_WINDOW_SIZE.width));
        const height =
          MIN_WINDOW_SIZE.height + (c % Math.max(1, area.height - MIN_WINDOW_SIZE.height));
        const x = area.x + (d % Math.max(1, area.width - width));
        const y = area.y + ((d >> 3) % Math.max(1, area.height - height));
        const state = { bounds: { x, y, width, height }, maximized: false, fullScreen: false };
        expect(restoreWindowState(state, areas).bounds).toEqual({ x, y, width, height });
      }),
      fuzzParams(300),
    );
  });
});

describe('restoreWindowState (cases)', () => {
  it('opens at the default size, placed by the OS, the first time', () => {
    expect(restoreWindowState({ maximized: false, fullScreen: false }, [LAPTOP])).toEqual({
      bounds: DEFAULT_WINDOW_SIZE,
      maximized: false,
      fullScreen: false,
    });
  });

  it('lets the OS place a window whose external display is gone, at a size the laptop can show', () => {
    const onExternal = { x: 2000, y: 0, width: 1800, height: 1000 };
    expect(
      restoreWindowState({ bounds: onExternal, maximized: true, fullScreen: false }, [LAPTOP]),
    ).toEqual({ bounds: { width: 1440, height: 875 }, maximized: true, fullScreen: false });
    // With the display plugged in again, the window goes back there.
    expect(
      restoreWindowState({ bounds: onExternal, maximized: false, fullScreen: false }, [
        LAPTOP,
        EXTERNAL,
      ]).bounds,
    ).toEqual(onExternal);
  });

  it('pulls a window hanging off a display’s edge back onto it', () => {
    const hanging = { x: 1000, y: 300, width: 1280, height: 820 };
    expect(
      restoreWindowState({ bounds: hanging, maximized: false, fullScreen: false }, [LAPTOP]).bounds,
    ).toEqual({ x: 160, y: 80, width: 1280, height: 820 });
  });

  it('does not keep a position whose title bar is above every display', () => {
    const titleBarHidden = { x: 100, y: -700, width: 1280, height: 820 };
    expect(
      restoreWindowState({ bounds: titleBarHidden, maximized: false, fullScreen: false }, [LAPTOP])
        .bounds,
    ).toEqual({ width: 1280, height: 820 });
  });
});

describe('windowStateToSave', () => {
  it('saves the normal bounds of a maximized window, not the screen-sized ones', () => {
    expect(
      windowStateToSave({
        normalBounds: { x: 120.4, y: 80, width: 1280, height: 820 },
        maximized: true,
        fullScreen: false,
      }),
    ).toEqual({
      windowBounds: { x: 120, y: 80, width: 1280, height: 820 },
      windowMaximized: true,
      windowFullScreen: false,
    });
  });

  it('keeps the saved size within what the settings accept', () => {
    const { windowBounds } = windowStateToSave({
      normalBounds: { x: 0, y: 0, width: 200, height: 50_000 },
      maximized: false,
      fullScreen: true,
    });
    expect(windowBounds).toEqual({ x: 0, y: 0, width: 640, height: 10_000 });
  });
});
