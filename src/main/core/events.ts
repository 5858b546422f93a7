import type { EventPayloads } from '../../shared/ipc/contract';
import { EVENTS, type EventName } from '../../shared/ipc/channels';
import type { TableName } from '../../shared/ipc/tables';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

/**
 * Typed main → renderer events. The core emits; the Electron shell forwards to the window, the
 * browser-test bridge forwards to the page, the CLI prints progress. A throwing listener never
 * breaks the emitter.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  onAny(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void {
    const unsubscribers = EVENTS.map((event) =>
      this.on(event, (payload) => listener(event, payload)),
    );
    return () => unsubscribers.forEach((off) => off());
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A broken subscriber (e.g. a destroyed window) must not stop a sync.
      }
    }
  }

  /** Shorthand for the common "these tables changed" event. */
  changed(...tables: TableName[]): void {
    this.emit('db:changed', { tables });
  }
}
