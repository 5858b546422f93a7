import type { CredentialAccess } from '../providers/provider';
import type { StoredSecret } from '../vault/vault';

/**
 * A credential kept in memory (one being checked, or the CLI's per-run key); a renewal while it is
 * in use replaces it.
 */
export function heldCredential(
  secret: StoredSecret,
  onRenewed: (secret: StoredSecret) => void,
): CredentialAccess {
  let held = secret;
  return {
    load: () => held,
    save: (renewed) => {
      onRenewed(renewed);
      held = renewed;
    },
    markNeedsReauth: () => undefined,
  };
}
