export interface VaultStatus {
  /** Secrets can be stored encrypted right now. */
  available: boolean;
  /** The cipher in use, e.g. `safestorage:gnome_libsecret` or `passphrase`. */
  backend: string;
  /** Why secrets cannot be stored, and what to do about it. */
  reason?: string;
  /** Linux without a keyring: storing is possible after the admin opts in. */
  canOptIn?: boolean;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  schemaVersion: number;
  platform: string;
  vault: VaultStatus;
}

/** A notice main pushes to the window (e.g. a scheduled run failed). */
export interface AppNotice {
  level: 'info' | 'warning' | 'error';
  title: string;
  body: string;
  /** Where the window should go when the admin clicks the notice. */
  route?: string;
  /**
   * The connection whose credential the notice is about: the window withdraws it once that
   * connection is connected again (or gone), since what it asks for is then done.
   */
  credentialOf?: string;
}
