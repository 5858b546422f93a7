import type { CallerInfo } from '../core/ipc/dispatcher';

/** The origin the renderer is served from in the packaged and preview app. */
export const APP_ORIGIN = 'app://console';

/**
 * An IPC call is trusted only from the top frame of a page served by the app itself: parsed with
 * the URL parser, compared by exact origin. Iframes, other windows and navigated-away pages fail.
 */
export function isTrustedCaller(caller: CallerInfo, allowedOrigins: readonly string[]): boolean {
  if (!caller.isMainFrame || !caller.url) return false;
  let origin: string;
  try {
    const url = new URL(caller.url);
    // Custom schemes report origin "null"; rebuild it from protocol and host.
    origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return allowedOrigins.includes(origin);
}
