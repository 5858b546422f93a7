import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../../src/main/core/logging/redactor';

describe('Redactor', () => {
  it('masks registered secrets wherever they appear', () => {
    const redactor = new Redactor();
    redactor.register('super-secret-token-123');
    expect(redactor.text('Ashby said: key super-secret-token-123 is invalid')).toBe(
      'Ashby said: key [redacted] is invalid',
    );
  });

  it('masks authorization headers and token fields by shape', () => {
    const redactor = new Redactor();
    expect(redactor.text('Authorization: Basic YWJjZGVmZ2hpams6')).toBe(
      'Authorization: Basic [redacted]',
    );
    expect(
      redactor.text('grant_type=refresh_token&refresh_token=abc123def456&client_id=x'),
    ).toContain('refresh_token=[redacted]');
    expect(redactor.value({ headers: { Authorization: 'Bearer abc' }, ok: 1 })).toEqual({
      headers: { Authorization: '[redacted]' },
      ok: 1,
    });
  });
});
