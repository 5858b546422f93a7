import { describe, expect, it } from 'vitest';
import { arrowTarget } from '../../../src/renderer/src/ui/roving';

describe('arrowTarget', () => {
  it('moves to the next and previous item with the arrows of either axis, wrapping around', () => {
    expect(arrowTarget('ArrowRight', 0, 3)).toBe(1);
    expect(arrowTarget('ArrowDown', 2, 3)).toBe(0);
    expect(arrowTarget('ArrowLeft', 0, 3)).toBe(2);
    expect(arrowTarget('ArrowUp', 2, 3)).toBe(1);
  });

  it('goes to the ends with Home and End', () => {
    expect(arrowTarget('Home', 2, 5)).toBe(0);
    expect(arrowTarget('End', 1, 5)).toBe(4);
  });

  it('stops at the ends when it must not wrap', () => {
    expect(arrowTarget('ArrowDown', 4, 5, { wrap: false })).toBe(4);
    expect(arrowTarget('ArrowUp', 0, 5, { wrap: false })).toBe(0);
  });

  it('ignores the arrows of the other axis, other keys, and an empty group', () => {
    expect(arrowTarget('ArrowDown', 0, 3, { orientation: 'horizontal' })).toBeNull();
    expect(arrowTarget('ArrowRight', 0, 3, { orientation: 'vertical' })).toBeNull();
    expect(arrowTarget('Enter', 0, 3)).toBeNull();
    expect(arrowTarget('ArrowDown', 0, 0)).toBeNull();
  });
});
