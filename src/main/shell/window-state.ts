/**
 * The main window's size and place across restarts, as pure functions (no Electron import), so
 * they are tested on plain Node with every arrangement of displays.
 *
 * What is saved is the window's *normal* bounds (what it returns to when un-maximized) plus
 * whether it was maximized or full screen, so a maximized window never comes back as a normal
 * window the size of the screen. A saved position is used only when it still lands on a display
 * (monitors get unplugged, laptops leave their docks): then the window is fitted inside that
 * display's work area; otherwise the OS places it on the primary display.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowBounds {
  x?: number | undefined;
  y?: number | undefined;
  width: number;
  height: number;
}

export interface SavedWindowState {
  bounds?: WindowBounds | undefined;
  maximized: boolean;
  fullScreen: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;

/** The limits the settings schema puts on saved bounds. */
const SAVED_MIN = { width: 640, height: 480 } as const;
const SAVED_MAX = 10_000;

/**
 * Where and how large the window opens. `workAreas` are the displays' work areas now, the
 * primary display first (there is always at least one while the app runs).
 */
export function restoreWindowState(
  saved: SavedWindowState,
  workAreas: readonly Rect[],
): { bounds: WindowBounds; maximized: boolean; fullScreen: boolean } {
  const flags = { maximized: saved.maximized, fullScreen: saved.fullScreen };
  const primary = workAreas[0];
  const wanted = {
    width: Math.max(saved.bounds?.width ?? DEFAULT_WINDOW_SIZE.width, MIN_WINDOW_SIZE.width),
    height: Math.max(saved.bounds?.height ?? DEFAULT_WINDOW_SIZE.height, MIN_WINDOW_SIZE.height),
  };
  if (!primary) return { bounds: wanted, ...flags };
  const { x, y } = saved.bounds ?? {};
  const display =
    x !== undefined && y !== undefined ? displayHolding({ x, y, ...wanted }, workAreas) : undefined;
  if (x === undefined || y === undefined || !display) {
    // No usable position: the OS centres it on the primary display, at a size that fits there.
    return { bounds: fitSize(wanted, primary), ...flags };
  }
  const size = fitSize(wanted, display);
  return {
    bounds: {
      x: clamp(x, display.x, display.x + display.width - size.width),
      y: clamp(y, display.y, display.y + display.height - size.height),
      ...size,
    },
    ...flags,
  };
}

/** What to save when the window closes: its normal bounds, whole and within the schema's limits. */
export function windowStateToSave(window: {
  normalBounds: Rect;
  maximized: boolean;
  fullScreen: boolean;
}): {
  windowBounds: Required<WindowBounds>;
  windowMaximized: boolean;
  windowFullScreen: boolean;
} {
  const { normalBounds } = window;
  return {
    windowBounds: {
      x: Math.round(normalBounds.x),
      y: Math.round(normalBounds.y),
      width: clamp(Math.round(normalBounds.width), SAVED_MIN.width, SAVED_MAX),
      height: clamp(Math.round(normalBounds.height), SAVED_MIN.height, SAVED_MAX),
    },
    windowMaximized: window.maximized,
    windowFullScreen: window.fullScreen,
  };
}

/**
 * The display the window mostly lies on, if its title bar is reachable there: the top edge of
 * the window inside the display and at least a grip's width of it overlapping horizontally.
 */
function displayHolding(window: Rect, workAreas: readonly Rect[]): Rect | undefined {
  let best: Rect | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = overlapOf(window, area);
    const titleBarOverlap = overlapOf({ ...window, height: TITLE_BAR }, area);
    if (titleBarOverlap >= GRIP * Math.min(TITLE_BAR, window.height) && overlap > bestOverlap) {
      best = area;
      bestOverlap = overlap;
    }
  }
  return best;
}

const TITLE_BAR = 32;
const GRIP = 100;

function overlapOf(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** As large as wanted, but no larger than the display (the minimum size yields to a small one). */
function fitSize(size: { width: number; height: number }, area: Rect) {
  return {
    width: Math.min(size.width, area.width),
    height: Math.min(size.height, area.height),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}
