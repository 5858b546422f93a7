import type { LeverMutations } from './mutations';
import type { Paginator } from './pagination';

interface PreparedPage {
  text: Buffer;
  /** The page's own `next`, so serving it prepares the one after. */
  next: string | undefined;
  version: number;
  epoch: number;
  at: number;
}

/** How long a prepared page stays servable; a client following `next` asks well within this. */
const PREPARED_TTL_MS = 30_000;
/** Callers page one list at a time; a few slots cover several keys or lists at once. */
const MAX_PREPARED = 8;

/**
 * Like a real API's warm caches (opt-in, `prepareNextPages`): after serving a list page with a
 * `next` token, the simulator renders that next page in the background, so a client following the
 * token does not wait on the simulator's own rendering, which on a loaded machine would otherwise
 * dominate a benchmark of the client. A prepared page is served only to the same caller for the
 * same query (limit and token included), while nothing changed through `LeverMutations` and no
 * token was invalidated, within 30 s; any other request is answered from scratch.
 * Off by default: a test that edits the tenant's objects directly would not invalidate it.
 */
export class PreparedPages {
  private readonly pages = new Map<string, PreparedPage>();
  /** How many requests a prepared page answered. */
  served = 0;

  constructor(
    private readonly mutations: LeverMutations,
    private readonly paginator: Paginator,
  ) {}

  /** Renders the page for `key` on a later turn of the event loop (unless something changed). */
  prepare(key: string, render: () => { next?: unknown }): void {
    const version = this.mutations.version;
    const epoch = this.paginator.epoch;
    setImmediate(() => {
      if (!this.fresh({ version, epoch, at: Date.now() })) return;
      let body: { next?: unknown };
      try {
        body = render();
      } catch {
        return; // answered from scratch when asked, with the error it earns then
      }
      if (this.pages.size >= MAX_PREPARED) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, {
        text: Buffer.from(JSON.stringify(body)),
        next: typeof body.next === 'string' ? body.next : undefined,
        version,
        epoch,
        at: Date.now(),
      });
    });
  }

  /** Pages prepared and not yet taken. */
  get size(): number {
    return this.pages.size;
  }

  /** The prepared JSON for `key`, once, if it is still what a fresh answer would be. */
  take(key: string): Pick<PreparedPage, 'text' | 'next'> | null {
    const page = this.pages.get(key);
    if (!page) return null;
    this.pages.delete(key);
    if (!this.fresh(page)) return null;
    this.served += 1;
    return page;
  }

  private fresh(page: Pick<PreparedPage, 'version' | 'epoch' | 'at'>): boolean {
    return (
      page.version === this.mutations.version &&
      page.epoch === this.paginator.epoch &&
      Date.now() - page.at < PREPARED_TTL_MS
    );
  }
}
