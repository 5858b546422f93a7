/** The environment variable holding the CLI's vault passphrase (see the README's CLI section). */
export const VAULT_PASSPHRASE_ENV = 'KULA_VAULT_PASSPHRASE';
