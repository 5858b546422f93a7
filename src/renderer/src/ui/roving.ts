/**
 * Where an arrow key moves focus among a group's items (a radio group, a tab list, a list of
 * rows): the next or previous item, wrapping around when `wrap`, Home and End to the ends. Null
 * for any other key, so the caller leaves the event alone.
 */
export function arrowTarget(
  key: string,
  index: number,
  count: number,
  {
    orientation = 'both',
    wrap = true,
  }: { orientation?: 'horizontal' | 'vertical' | 'both'; wrap?: boolean } = {},
): number | null {
  if (count === 0) return null;
  const forward =
    (orientation !== 'vertical' && key === 'ArrowRight') ||
    (orientation !== 'horizontal' && key === 'ArrowDown');
  const backward =
    (orientation !== 'vertical' && key === 'ArrowLeft') ||
    (orientation !== 'horizontal' && key === 'ArrowUp');
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (forward) return index + 1 < count ? index + 1 : wrap ? 0 : count - 1;
  if (backward) return index > 0 ? index - 1 : wrap ? count - 1 : 0;
  return null;
}
