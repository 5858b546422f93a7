import fs from 'node:fs/promises';
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { SECURITY_HEADERS } from './csp';
import { contentTypeFor, resolveAppRequest } from './renderer-assets';

export const APP_SCHEME = 'app';

/** Must run before `app.ready`: app:// behaves like https (secure, standard, fetch-capable). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the renderer build from `root` under app://console/, with the CSP as a header. */
export function serveRendererFrom(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppRequest(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      await fs.access(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(SECURITY_HEADERS);
    headers.set('Content-Type', contentTypeFor(file));
    return new Response(response.body, { status: 200, headers });
  });
}
