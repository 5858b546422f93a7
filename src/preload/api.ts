import type { Events, Input, Outputs } from '../shared/ipc/contract';
import { isChannel, isEventName, type Channel, type EventName } from '../shared/ipc/channels';
import type { Result } from '../shared/ipc/result';

/** What the page sees as `window.api`: exactly these two functions. */
export interface KulaApi {
  invoke<C extends Channel>(channel: C, input?: Input<C>): Promise<Result<Outputs[C]>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** How the API reaches main: Electron IPC in the app, a test bridge in the browser tests. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.api` over a transport, refusing any channel or event outside the contract before
 * anything crosses the process boundary.
 */
export function createKulaApi(transport: Transport): KulaApi {
  return {
    invoke(channel, input) {
      if (!isChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'UNKNOWN_CHANNEL',
            message: `"${String(channel).slice(0, 80)}" is not an operation the console offers.`,
          },
        });
      }
      return transport.invoke(channel, input) as Promise<Result<Outputs[typeof channel]>>;
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event).slice(0, 80)}".`);
      if (typeof listener !== 'function') throw new Error('A listener function is required.');
      return transport.subscribe(event, (payload) => listener(payload as Events[typeof event]));
    },
  };
}
