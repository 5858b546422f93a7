import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiCallRecord } from '../providers/provider';

/**
 * Which stream an API call belongs to. The pull reads several streams at once through one provider
 * instance, whose HTTP client reports every call to one callback; the stream a page is fetched for
 * is carried through the fetch's async work, so each page's commit logs and counts its own calls.
 */
const scope = new AsyncLocalStorage<string>();

/** Runs `work` (a page fetch) as the stream `key`: calls it makes are attributed to it. */
export function inStream<T>(key: string, work: () => Promise<T>): Promise<T> {
  return scope.run(key, work);
}

export interface AttributedCall {
  call: ApiCallRecord;
  /** The stream (`resource\u0000stream`) whose fetch made the call; null outside any. */
  stream: string | null;
}

/** Collects a run's API calls, each with the stream that made it, for the commits to take. */
export class RunCalls {
  private readonly calls: AttributedCall[] = [];
  private readonly observers = new Set<(call: ApiCallRecord) => void>();

  record(call: ApiCallRecord): void {
    this.calls.push({ call, stream: scope.getStore() ?? null });
    for (const observer of this.observers) observer(call);
  }

  /** Sees every call as it finishes, before any commit takes it (the pull's pace). */
  observe(observer: (call: ApiCallRecord) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** The calls of one stream so far (all calls when `stream` is undefined), removed from the list. */
  take(stream?: string): ApiCallRecord[] {
    if (stream === undefined) return this.calls.splice(0, this.calls.length).map((c) => c.call);
    const taken: ApiCallRecord[] = [];
    for (let index = 0; index < this.calls.length;) {
      const entry = this.calls[index]!;
      if (entry.stream === stream) {
        taken.push(entry.call);
        this.calls.splice(index, 1);
      } else {
        index++;
      }
    }
    return taken;
  }
}

/** The key a stream's calls are attributed under. */
export function streamKey(resource: string, stream: string): string {
  return `${resource}\u0000${stream}`;
}
