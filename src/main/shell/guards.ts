import type { CallerInfo } from '../core/ipc/dispatcher';
import { isAllowedExternalUrl } from '../core/security/external-links';

/**
 * The shell's security decisions as plain functions (no Electron import), so tests can check each
 * one; `window.ts`, `ipc.ts` and `protocol.ts` only wire them to Electron's events.
 */

/** The origin of a URL, rebuilt from protocol and host for custom schemes (whose origin is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** `will-navigate` / `will-redirect` / `will-frame-navigate`: only within the app's own origin. */
export function isNavigationAllowed(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/**
 * `setWindowOpenHandler`: no window is ever opened by the app. A link to an allowed ATS or help
 * page goes to the system browser; anything else is dropped.
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** Camera, microphone, notifications from the page, geolocation, clipboard…: never granted. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

/** What the IPC dispatcher is told about a caller, from the parts of an `IpcMainInvokeEvent`. */
export function describeIpcCaller<Frame extends { url: string }>(event: {
  senderFrame: Frame | null | undefined;
  mainFrame: Frame | null | undefined;
  /** The sender belongs to one of the app's own windows. */
  fromKnownWindow: boolean;
}): CallerInfo {
  const frame = event.senderFrame ?? null;
  return {
    url: frame && event.fromKnownWindow ? frame.url : null,
    isMainFrame: frame !== null && frame === event.mainFrame,
  };
}
