import type { Paging } from './paging';
import type { AshbyTenant } from './tenant';

/**
 * Like a real API's warm caches: after serving a page with a cursor, the simulator renders the
 * next page in the background, so a client that follows the cursor is not waiting on the
 * simulator's own generation (which would otherwise dominate a benchmark of the client). A
 * prepared page is served only while nothing changed: same tenant sequence, same cursor and token
 * epochs, within the cursor lifetime; otherwise the request is answered from scratch.
 */
export class PreparedPages {
  private readonly pages = new Map<
    string,
    {
      bytes: Buffer;
      /** The page's own cursor, so serving it prepares the one after. */
      nextCursor: unknown;
      seq: number;
      cursorEpoch: number;
      tokenEpoch: number;
      at: number;
    }
  >();

  constructor(
    private readonly tenant: AshbyTenant,
    private readonly paging: Paging,
  ) {}

  private key(apiKey: string, path: string, body: Record<string, unknown>): string {
    return `${apiKey}|${path}|${JSON.stringify(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)))}`;
  }

  prepare(
    apiKey: string,
    path: string,
    body: Record<string, unknown>,
    render: () => { bytes: Buffer; nextCursor: unknown } | null,
  ): void {
    const key = this.key(apiKey, path, body);
    const seq = this.tenant.seq;
    setImmediate(() => {
      if (this.tenant.seq !== seq) return;
      const page = render();
      if (page === null) return;
      if (this.pages.size >= 8) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, {
        ...page,
        seq,
        cursorEpoch: this.paging.cursorEpoch,
        tokenEpoch: this.paging.tokenEpoch,
        at: Date.now(),
      });
    });
  }

  take(
    apiKey: string,
    path: string,
    body: Record<string, unknown>,
  ): { bytes: Buffer; nextCursor: unknown } | null {
    if (typeof body.cursor !== 'string') return null;
    const key = this.key(apiKey, path, body);
    const page = this.pages.get(key);
    if (!page) return null;
    this.pages.delete(key);
    const fresh =
      page.seq === this.tenant.seq &&
      page.cursorEpoch === this.paging.cursorEpoch &&
      page.tokenEpoch === this.paging.tokenEpoch &&
      Date.now() - page.at < this.paging.options.cursorTtlMs;
    return fresh ? page : null;
  }
}
