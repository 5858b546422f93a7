import { proxyRefusal, transportErrorOf } from './fetch-errors';
import {
  TransportError,
  type FetchFunction,
  type FetchResponse,
  type WireRequest,
  type WireResponse,
} from './wire';

/**
 * One HTTP attempt through the host's fetch, nothing more: no retries, no status handling (the
 * client does both). The fetch decides the route (proxy, PAC, trust store) and unpacks compressed
 * answers; this adds what fetch leaves to its caller: an idle timeout (the answer must keep
 * coming), a size cap read as the body arrives, cancellation, and one error code per cause.
 */
export async function send(fetch: FetchFunction, wire: WireRequest): Promise<WireResponse> {
  const { signal } = wire;
  if (signal?.aborted) throw cancelled();
  const controller = new AbortController();
  let timedOut = false;
  let complete = false;
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // Restarted whenever something arrives: a slow but steady answer is not a timeout.
  const idle = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, wire.timeoutMs);
  try {
    const response = await fetch(wire.url.href, {
      method: wire.method,
      headers: wire.headers,
      ...(wire.body !== undefined ? { body: wire.body } : {}),
      signal: controller.signal,
      redirect: 'manual',
    });
    idle.refresh();
    // A plain-HTTP proxy answers for itself; an ATS never asks for proxy credentials.
    if (response.status === 407) {
      await discard(response.body);
      throw proxyRefusal(407);
    }
    const headers = headersOf(response);
    if (Number(headers['content-length']) > wire.maxContentLength) {
      await discard(response.body);
      throw tooLarge(wire.maxContentLength);
    }
    const bytes = await readBody(response, wire.maxContentLength, () => idle.refresh());
    complete = true;
    return { status: response.status, headers, bytes };
  } catch (error) {
    if (timedOut) throw new TransportError(`timeout of ${wire.timeoutMs}ms exceeded`, 'ETIMEDOUT');
    if (signal?.aborted) throw cancelled();
    throw transportErrorOf(error);
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    // An answer read to its end holds nothing; aborting it anyway would build an AbortError (a
    // DOMException with its stack) per request, which the profile of an import shows.
    if (!complete && !controller.signal.aborted) controller.abort();
  }
}

/** Lets go of a body that will not be read, so its connection is freed. */
async function discard(body: AsyncIterable<Uint8Array> | null): Promise<void> {
  if (!body) return;
  try {
    await body[Symbol.asyncIterator]().return?.();
  } catch {
    // Already broken: nothing to free.
  }
}

function cancelled(): TransportError {
  return new TransportError('canceled', 'ERR_CANCELED');
}

function tooLarge(limit: number): TransportError {
  return new TransportError(`maxContentLength size of ${limit} exceeded`, 'ERR_BAD_RESPONSE');
}

function headersOf(response: FetchResponse): WireResponse['headers'] {
  const headers: WireResponse['headers'] = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

/** The whole body, refused as soon as it grows past `limit` (leaving the loop cancels it). */
async function readBody(
  response: FetchResponse,
  limit: number,
  onChunk: () => void,
): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    onChunk();
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (chunks.length === 1) {
    const only = chunks[0]!;
    return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  return Buffer.concat(chunks, size);
}
