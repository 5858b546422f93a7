/** What About shows, and what "Copy" puts on the clipboard for a support request. */
export interface AboutVersions {
  app: string;
  electron?: string | undefined;
  chromium?: string | undefined;
  node: string;
  schema: number | null;
  os: string;
}

export function aboutDetail(versions: AboutVersions): string {
  return [
    `Version ${versions.app}`,
    `Electron ${versions.electron ?? '—'}`,
    `Chromium ${versions.chromium ?? '—'}`,
    `Node ${versions.node}`,
    `Database schema ${versions.schema ?? 'not open'}`,
    `OS ${versions.os}`,
  ].join('\n');
}
