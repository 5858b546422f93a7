import axios from 'axios';
import { TransportError, type WireRequest, type WireResponse } from './wire';

/**
 * The attempts the console's own transport leaves to axios: a multipart upload (axios builds the
 * form's body and boundary) and a request through a proxy from the environment (`HTTPS_PROXY`,
 * `NO_PROXY`, which axios reads). Same contract as the direct path: any status resolves, no
 * redirects followed, the body as bytes, failures as `TransportError`s with Node's codes.
 */
export async function sendThroughAxios(wire: WireRequest): Promise<WireResponse> {
  try {
    const response = await axios.request<ArrayBuffer>({
      method: wire.method,
      url: wire.url.href,
      headers: wire.headers,
      data: wire.body,
      timeout: wire.timeoutMs,
      signal: wire.signal,
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: wire.maxContentLength,
      httpAgent: wire.agents.http,
      httpsAgent: wire.agents.https,
      ...(wire.proxyAllowed ? {} : { proxy: false as const }),
    });
    const headers: WireResponse['headers'] = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value === 'string' || Array.isArray(value)) headers[name.toLowerCase()] = value;
      else if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    return { status: response.status, headers, bytes: Buffer.from(response.data) };
  } catch (error) {
    if (axios.isCancel(error) || wire.signal?.aborted) {
      throw new TransportError('canceled', 'ERR_CANCELED');
    }
    if (axios.isAxiosError(error)) {
      throw new TransportError(error.message, error.code ?? 'ERR_NETWORK');
    }
    throw error;
  }
}
