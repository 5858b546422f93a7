import type { FetchFunction, FetchInit, FetchResponse } from '../core/http/wire';

/** The part of Electron's `net` module the console's requests use. */
export interface ElectronNet {
  fetch(
    url: string,
    init: FetchInit & { bypassCustomProtocolHandlers?: boolean },
  ): Promise<FetchResponse>;
}

/**
 * The app's way out to the ATSs: Electron's `net.fetch`, which runs on Chromium's network stack
 * and so uses what the operating system is set to (proxy settings and PAC files, the certificate
 * store with a company's root certificate in it), as the admin's browser does. Node's own HTTP
 * client in the main process sees neither. The app's own `app://` handler is never involved.
 */
export function createElectronFetch(net: ElectronNet): FetchFunction {
  return (url, init) => net.fetch(url, { ...init, bypassCustomProtocolHandlers: true });
}
