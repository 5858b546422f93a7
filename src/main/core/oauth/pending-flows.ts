import crypto from 'node:crypto';
import { ConsoleError } from '../errors';
import type { PendingAuthorization } from './authorization-flow';

/**
 * Authorization flows waiting for the admin's browser, between the IPC call that opens the browser
 * and the one that waits for the answer. Starting a flow cancels any other one still waiting
 * (the admin clicked "Open Lever" again), which also frees the loopback port.
 */
export class PendingFlows<Meta> {
  private readonly flows = new Map<string, { pending: PendingAuthorization; meta: Meta }>();

  async start(
    begin: () => Promise<PendingAuthorization>,
    meta: Meta,
  ): Promise<{ flowId: string; url: string }> {
    this.cancelAll();
    const pending = await begin();
    const flowId = crypto.randomUUID();
    this.flows.set(flowId, { pending, meta });
    return { flowId, url: pending.url };
  }

  /** Waits for the browser's answer and the token exchange; the flow is gone afterwards. */
  async complete(flowId: string, signal?: AbortSignal) {
    const flow = this.flows.get(flowId);
    if (!flow) {
      throw new ConsoleError(
        'NOT_FOUND',
        'This sign-in is no longer waiting (it finished, timed out or was replaced by a newer one).',
        'Start the connection again.',
      );
    }
    try {
      return { tokens: await flow.pending.complete(signal), meta: flow.meta };
    } finally {
      this.flows.delete(flowId);
    }
  }

  cancel(flowId: string): void {
    this.flows.get(flowId)?.pending.cancel();
    this.flows.delete(flowId);
  }

  cancelAll(): void {
    for (const flowId of [...this.flows.keys()]) this.cancel(flowId);
  }

  get size(): number {
    return this.flows.size;
  }
}
