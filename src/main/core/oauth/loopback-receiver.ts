import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConsoleError } from '../errors';
import type { CallbackAddress } from './callback-url';
import { sameSecret } from './pkce';

/**
 * Receives the authorization response on a loopback redirect (see docs/security.md): listens on
 * the loopback IP literal only, takes exactly one response on the callback path (then stops
 * listening, so a second hit finds nothing), and closes on success, on error, on timeout or when
 * cancelled. A request whose `state` differs from ours (any web page can reach a loopback port) is
 * answered 400 and ignored: it never reaches the token endpoint and does not end the sign-in,
 * until so many arrive that the console stops waiting.
 */

/** Requests with another state tolerated before the sign-in is given up as under attack. */
export const MAX_FOREIGN_ANSWERS = 10;
export interface LoopbackOptions {
  address: CallbackAddress;
  expectedState: string;
  timeoutMs: number;
  /** The ATS's name in messages, e.g. "Lever". */
  providerLabel: string;
  signal?: AbortSignal;
}

export interface LoopbackReceiver {
  /** The redirect_uri to send (the bound port when the address asked for any port). */
  redirectUri: string;
  /** The bound socket address, e.g. for checking that it is loopback only. */
  bound: AddressInfo;
  /** Resolves with the authorization code; rejects with a ConsoleError otherwise. */
  code: Promise<string>;
  /** Stops listening (idempotent); a pending `code` rejects as cancelled. */
  close(): void;
}

export async function startLoopbackReceiver(options: LoopbackOptions): Promise<LoopbackReceiver> {
  const { address, providerLabel: ats } = options;
  const sockets = new Set<Socket>();
  let settle: { resolve(code: string): void; reject(error: ConsoleError): void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // A rejection nobody awaits yet (e.g. cancelled before the caller got to `code`) is not a crash.
  code.catch(() => undefined);
  let finished = false;
  let foreign = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method !== 'GET' || url.pathname !== address.path || finished) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (!hostIsLoopback(req.headers.host)) {
      // A page on another site cannot reach us by a rebound DNS name.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad host');
      return;
    }
    const params = url.searchParams;
    const state = params.get('state') ?? '';
    if (!sameSecret(state, options.expectedState)) {
      foreign++;
      page(
        res,
        400,
        'This answer was not for this request',
        'The console did not start this sign-in, so it ignored this answer. Nothing was stored. If you are connecting, finish in the browser window the console opened; it is still waiting.',
      );
      if (foreign >= MAX_FOREIGN_ANSWERS) {
        finish(
          new ConsoleError(
            'AUTH_FAILED',
            `${foreign} answers that did not match the console's request (the state value differs) reached the sign-in listener, so the console stopped waiting. They were ignored and nothing was stored.`,
            `Start the connection again from the console. If this repeats, close other ${ats} sign-in tabs and pages that may be calling this computer.`,
          ),
        );
      }
      return;
    }
    const error = params.get('error');
    if (error) {
      const denied = error === 'access_denied';
      page(
        res,
        200,
        denied ? 'Access was not granted' : `${ats} reported an error`,
        denied
          ? 'You chose Deny, so the console was not connected. You can close this tab.'
          : `${ats} answered "${error}". You can close this tab and try again from the console.`,
      );
      return finish(
        new ConsoleError(
          'AUTH_FAILED',
          denied
            ? `${ats} access was not granted: the request was denied on ${ats}'s page. Nothing was stored.`
            : `${ats} refused the authorization request (${error}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}). Nothing was stored.`,
          denied
            ? `Start again and click Accept. Only a ${ats} Super Admin can authorize the console.`
            : `Check the OAuth app's client id and registered callback URL, then start again.`,
        ),
      );
    }
    const received = params.get('code');
    if (!received) {
      page(
        res,
        400,
        'Something is missing',
        'The answer carried no authorization code. Return to the console and start again.',
      );
      return finish(
        new ConsoleError(
          'ATS_BAD_RESPONSE',
          `${ats}'s answer carried no authorization code. Nothing was stored.`,
          'Start the connection again.',
        ),
      );
    }
    page(
      res,
      200,
      `${ats} is connected`,
      `The Kula ATS Console received ${ats}'s authorization. You can close this tab and return to the console.`,
    );
    finish(null, received);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const timer = setTimeout(
    () =>
      finish(
        new ConsoleError(
          'CANCELLED',
          `No answer arrived from ${ats} within ${Math.round(options.timeoutMs / 60_000) || 1} minute(s), so the console stopped waiting. Nothing was stored.${
            foreign
              ? ` (${foreign} answer${foreign === 1 ? '' : 's'} that did not match the console's request ${foreign === 1 ? 'was' : 'were'} ignored.)`
              : ''
          }`,
          `Start again, and finish signing in to ${ats} in the browser window the console opens.`,
        ),
      ),
    options.timeoutMs,
  );
  timer.unref();
  const onAbort = () =>
    finish(
      new ConsoleError(
        'CANCELLED',
        `Connecting ${ats} was cancelled. Nothing was stored.`,
        'Start again when you are ready.',
      ),
    );
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(error: ConsoleError | null, received?: string): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Stop accepting at once; let the answer page flush, then drop whatever is left.
    server.close();
    setTimeout(() => sockets.forEach((socket) => socket.destroy()), 200).unref();
    if (error) settle?.reject(error);
    else settle?.resolve(received as string);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'EADDRINUSE'
          ? new ConsoleError(
              'CONFLICT',
              `The console cannot wait for ${ats}'s answer on ${address.uri}: another program is using port ${address.port}.`,
              `Close the other program (or another console window that is connecting ${ats}), then start again. To use another port, register a new callback URL for the OAuth app and enter it here.`,
            )
          : new ConsoleError(
              'INTERNAL',
              `The console could not listen on ${address.uri} for ${ats}'s answer (${error.code ?? error.message}).`,
              'Check that the callback address is a loopback address of this computer, then start again.',
            ),
      );
    });
    server.listen({ host: address.host, port: address.port, exclusive: true }, resolve);
  });
  if (options.signal?.aborted) onAbort();

  const bound = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    redirectUri: `http://${host}:${bound.port}${address.path}`,
    bound,
    code,
    close: onAbort,
  };
}

function hostIsLoopback(header: string | undefined): boolean {
  if (!header) return false;
  const host = header.replace(/:\d+$/, '');
  return /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

function page(res: http.ServerResponse, status: number, title: string, text: string): void {
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:520px;margin:64px auto;color:#1d2330}
h1{font-size:22px}p{line-height:1.5}</style></head>
<body><h1>${escape(title)}</h1><p>${escape(text)}</p><p><small>Kula ATS Console</small></p></body></html>`);
}
