export interface AuditEntry {
  id: number;
  at: string;
  /** Who did it: the OS user of the app, or `cli:<user>`. */
  actor: string;
  /** e.g. `connection.connect`, `mapping.save`, `sync.manual`, `settings.update`. */
  action: string;
  /** What it was done to, e.g. a connection id. */
  target: string | null;
  /** A short human summary; never a secret. */
  summary: string;
}
