/**
 * A bare HTTP client for tests that talk to the Ashby simulator directly (not through the
 * console's provider), to pin down what the simulator itself does.
 */
export interface SimResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | null;
}

export async function ashbyPost(
  baseUrl: string,
  path: string,
  body: unknown,
  options: { key?: string | null; contentType?: string; method?: string } = {},
): Promise<SimResponse> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
  };
  if (options.key)
    headers.authorization = `Basic ${Buffer.from(`${options.key}:`).toString('base64')}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'POST',
    headers,
    ...(options.method === 'GET'
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Follows `nextCursor` to the end; returns every result and the final sync token. */
export async function listAll(
  baseUrl: string,
  path: string,
  key: string,
  body: Record<string, unknown> = {},
): Promise<{
  results: Array<Record<string, unknown>>;
  syncToken: string | undefined;
  pages: number;
}> {
  const results: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const response = await ashbyPost(
      baseUrl,
      path,
      { ...body, ...(cursor ? { cursor } : {}) },
      { key },
    );
    const json = response.json as {
      success: boolean;
      results: Array<Record<string, unknown>>;
      moreDataAvailable: boolean;
      nextCursor?: string;
      syncToken?: string;
    };
    if (!json.success) throw new Error(`${path} failed: ${response.text}`);
    pages++;
    results.push(...json.results);
    if (!json.moreDataAvailable) return { results, syncToken: json.syncToken, pages };
    cursor = json.nextCursor;
  }
}
