import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** One CONNECT the proxy received: where to, and how it answered. */
export interface Tunnel {
  target: string;
  status: number;
}

export interface ForwardProxyOptions {
  /**
   * Names only this proxy can resolve (`host:port` → loopback port), as a company proxy reaches
   * hosts the laptop's own DNS does not know.
   */
  hosts?: Record<string, number>;
  /** Demand `Proxy-Authorization: Basic` with these (407 without). */
  credentials?: { user: string; password: string };
  /** Targets (`host:port`) the proxy refuses with 403, as a policy would. */
  refuse?: string[];
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  url: string;
  port: number;
  /** Every CONNECT received, in order. */
  tunnels: Tunnel[];
  close(): Promise<void>;
}

/**
 * A forward proxy on loopback as a company network has one: HTTPS goes through CONNECT tunnels,
 * which it counts; it may demand credentials (407), refuse a host (403), and resolve names the
 * computer's own DNS does not know. Plain-HTTP requests to it are refused (405): every ATS call
 * is HTTPS, and undici tunnels plain HTTP as well.
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const tunnels: Tunnel[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('This proxy only opens CONNECT tunnels.');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const answer = (status: number, reason: string, headers: string[] = []) => {
      tunnels.push({ target, status });
      client.end(
        [`HTTP/1.1 ${status} ${reason}`, ...headers, 'Content-Length: 0', '', ''].join('\r\n'),
      );
    };
    if (options.credentials && !authorized(req, options.credentials)) {
      return answer(407, 'Proxy Authentication Required', [
        'Proxy-Authenticate: Basic realm="company proxy"',
      ]);
    }
    if (options.refuse?.includes(target)) return answer(403, 'Forbidden');
    const mapped = options.hosts?.[target];
    const [host, port] = mapped
      ? ['127.0.0.1', mapped]
      : [target.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), Number(/:(\d+)$/.exec(target)?.[1])];
    const upstream = net.connect(port, host);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      tunnels.push({ target, status: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (connected) client.destroy();
      else answer(502, 'Bad Gateway');
    });
    client.on('error', () => upstream.destroy());
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function authorized(
  req: http.IncomingMessage,
  credentials: { user: string; password: string },
): boolean {
  const header = req.headers['proxy-authorization'];
  if (!header?.startsWith('Basic ')) return false;
  return (
    Buffer.from(header.slice(6), 'base64').toString('utf8') ===
    `${credentials.user}:${credentials.password}`
  );
}
