import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseCallbackUrl } from '../../../../src/main/core/oauth/callback-url';
import {
  MAX_FOREIGN_ANSWERS,
  startLoopbackReceiver,
} from '../../../../src/main/core/oauth/loopback-receiver';

const anyPort = parseCallbackUrl('http://127.0.0.1:0/callback');

function receiver(overrides: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  return startLoopbackReceiver({
    address: anyPort,
    expectedState: 'expected-state-value',
    timeoutMs: overrides.timeoutMs ?? 10_000,
    providerLabel: 'Lever',
    ...(overrides.signal ? { signal: overrides.signal } : {}),
  });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('callback URL', () => {
  it('accepts a loopback IP literal with a port and path', () => {
    expect(parseCallbackUrl('http://127.0.0.1:47825/callback')).toEqual({
      host: '127.0.0.1',
      port: 47825,
      path: '/callback',
      uri: 'http://127.0.0.1:47825/callback',
    });
    expect(parseCallbackUrl('http://[::1]:50000/cb').host).toBe('::1');
  });

  it.each([
    ['http://localhost:47825/callback', /loopback IP/],
    ['https://127.0.0.1:47825/callback', /http:\/\//],
    ['http://127.0.0.1/callback', /explicit port/],
    ['http://192.168.1.5:47825/callback', /loopback IP/],
    ['http://127.0.0.1:80/callback', /explicit port/],
    ['http://127.0.0.1:47825/callback?x=1', /query/],
    ['not a url', /not a URL/],
  ])('refuses %s with a reason', (value, reason) => {
    expect(() => parseCallbackUrl(value)).toThrow(reason);
  });
});

describe('loopback receiver', () => {
  it('listens on 127.0.0.1 only, takes one answer, then stops listening', async () => {
    const listening = await receiver();
    expect(listening.bound.address).toBe('127.0.0.1');
    expect(listening.redirectUri).toBe(`http://127.0.0.1:${listening.bound.port}/callback`);
    // Other paths (a browser's favicon request) neither consume nor break it.
    expect((await fetch(`http://127.0.0.1:${listening.bound.port}/favicon.ico`)).status).toBe(404);
    const answer = await fetch(`${listening.redirectUri}?code=the-code&state=expected-state-value`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Lever is connected');
    await expect(listening.code).resolves.toBe('the-code');
    await expect.poll(() => connectionRefused(listening.bound.port)).toBe(true);
  });

  it('answers another state with 400 and ignores it, then still takes the right answer', async () => {
    const listening = await receiver();
    const forged = await fetch(`${listening.redirectUri}?code=stolen&state=attacker-state`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('it is still waiting');
    const missing = await fetch(`${listening.redirectUri}?code=stolen`);
    expect(missing.status).toBe(400);
    const answer = await fetch(`${listening.redirectUri}?code=the-code&state=expected-state-value`);
    expect(answer.status).toBe(200);
    await expect(listening.code).resolves.toBe('the-code');
  });

  it(`stops waiting after ${MAX_FOREIGN_ANSWERS} answers with another state, without a code`, async () => {
    const listening = await receiver();
    for (let i = 0; i < MAX_FOREIGN_ANSWERS; i++) {
      expect((await fetch(`${listening.redirectUri}?code=x${i}&state=s${i}`)).status).toBe(400);
    }
    await expect(listening.code).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('state value differs'),
    });
    await expect.poll(() => connectionRefused(listening.bound.port)).toBe(true);
  });

  it('says at the timeout how many answers with another state it ignored', async () => {
    const listening = await receiver({ timeoutMs: 400 });
    await fetch(`${listening.redirectUri}?code=stolen&state=attacker-state`);
    await expect(listening.code).rejects.toMatchObject({
      code: 'CANCELLED',
      message: expect.stringContaining('1 answer that did not match'),
    });
  });

  it('turns error=access_denied into a plain message that nothing was stored', async () => {
    const listening = await receiver();
    await fetch(
      `${listening.redirectUri}?error=access_denied&error_description=user_did_not_authorize_the_request&state=expected-state-value`,
    );
    await expect(listening.code).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringMatching(/not granted.*Nothing was stored/),
      action: expect.stringContaining('Super Admin'),
    });
  });

  it('gives up after the timeout and closes', async () => {
    const listening = await receiver({ timeoutMs: 150 });
    await expect(listening.code).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect.poll(() => connectionRefused(listening.bound.port)).toBe(true);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const listening = await receiver({ signal: controller.signal });
    controller.abort();
    await expect(listening.code).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('says which port is taken when another program holds it', async () => {
    const first = await receiver();
    const taken = parseCallbackUrl(`http://127.0.0.1:${first.bound.port}/callback`);
    await expect(
      startLoopbackReceiver({
        address: taken,
        expectedState: 's',
        timeoutMs: 1000,
        providerLabel: 'Lever',
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`port ${first.bound.port}`),
    });
    first.close();
  });
});
