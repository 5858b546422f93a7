/**
 * What providers learn about a credential (non-secret facts, such as its access level or the API
 * version the ATS answered with) is kept in the connection's settings under `learned`: written
 * through `ProviderContext.learn`, read back here from `ProviderContext.config`.
 */
export function learnedValue(config: Record<string, unknown>, key: string): unknown {
  const learned = config.learned;
  if (!learned || typeof learned !== 'object') return undefined;
  return (learned as Record<string, unknown>)[key];
}

/** The connection's settings with `values` merged into what was learned before. */
export function withLearned(
  config: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const learned =
    config.learned && typeof config.learned === 'object'
      ? (config.learned as Record<string, unknown>)
      : {};
  return { ...config, learned: { ...learned, ...values } };
}
