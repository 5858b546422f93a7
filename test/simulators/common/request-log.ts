/** One request as the simulator saw it, for tests that assert on what the console sent. */
export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body, form fields, or a summary of a multipart body. */
  body: unknown;
  /** Which credential made it (API key or token id), never the secret itself in full. */
  identity: string | null;
  status: number;
  fault: string | null;
}

export class RequestLog {
  private seq = 0;
  readonly entries: RecordedRequest[] = [];

  add(entry: Omit<RecordedRequest, 'seq' | 'at'>): RecordedRequest {
    const recorded = { ...entry, seq: ++this.seq, at: Date.now() };
    this.entries.push(recorded);
    return recorded;
  }

  clear(): void {
    this.entries.length = 0;
  }

  byPath(path: string): RecordedRequest[] {
    return this.entries.filter((entry) => entry.path === path);
  }

  count(predicate: (entry: RecordedRequest) => boolean = () => true): number {
    return this.entries.filter(predicate).length;
  }

  /** Every recorded body serialized, for "this text never left the console" checks. */
  allText(): string {
    return this.entries
      .map((entry) => JSON.stringify([entry.path, entry.query, entry.body]))
      .join('\n');
  }
}
