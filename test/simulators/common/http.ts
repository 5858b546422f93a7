import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { InFlightMeter } from './in-flight';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface RunningServer {
  url: string;
  port: number;
  /** Requests open at once, from arrival to answer: the concurrency clients achieve. */
  inFlight: InFlightMeter;
  close(): Promise<void>;
  /** The network is cut: the port stops listening and open connections drop (state is kept). */
  stop(): Promise<void>;
  /** The network is back: listening again on the same port. */
  restart(): Promise<void>;
}

/** A certificate and its key (PEM) to serve HTTPS with instead of HTTP. */
export interface ServerTls {
  cert: string;
  key: string;
}

/**
 * Starts a loopback HTTP server, or HTTPS with `tls`. `close()` also destroys open sockets, so a
 * test never waits on a request the simulator deliberately left hanging (the timeout fault).
 */
export async function startServer(
  handler: Handler,
  port = 0,
  tls?: ServerTls,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const inFlight = new InFlightMeter();
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // 'close' fires once the answer is sent or the connection drops (a fault), never twice.
    res.once('close', inFlight.enter());
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'simulator crashed', detail: String(error) }));
      }
    });
  };
  const server = tls ? https.createServer(tls, serve) : http.createServer(serve);
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  function stop(): Promise<void> {
    return new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  }
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${actual}`,
    port: actual,
    inFlight,
    close: stop,
    stop,
    restart: async () => {
      if (server.listening) return;
      await new Promise<void>((resolve) => server.listen(actual, '127.0.0.1', resolve));
    },
  };
}

export class BodyTooLargeError extends Error {}

export async function readBody(
  req: http.IncomingMessage,
  limitBytes = 40 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** `Authorization: Basic base64(user:pass)` → user, or null. */
export function basicAuthUser(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const user = decoded.split(':')[0] ?? '';
  return user.length > 0 ? user : null;
}

export function bearerToken(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null;
}
