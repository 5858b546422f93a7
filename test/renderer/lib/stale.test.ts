import { describe, expect, it } from 'vitest';
import { isStale } from '../../../src/renderer/src/lib/stale';

describe('isStale', () => {
  it('is true when a changed table is behind the answer of a channel read', () => {
    expect(isStale(['flows:list'], ['kula_flows'])).toBe(true);
  });

  it('is false when no changed table is behind any of the channels read', () => {
    expect(isStale(['flows:list'], ['audit_log', 'sync_log'])).toBe(false);
  });

  it('is false for a change that names no table', () => {
    expect(isStale(['candidates:get'], [])).toBe(false);
  });

  it('watches the tables of every channel a view reads', () => {
    expect(isStale(['audit:list', 'sync:status'], ['ats_jobs'])).toBe(true);
    expect(isStale(['audit:list', 'sync:status'], ['audit_log'])).toBe(true);
    expect(isStale(['audit:list', 'sync:status'], ['kula_notes'])).toBe(false);
  });

  it('reloads a flow when its members get linked to ATS candidates', () => {
    expect(isStale(['flows:get'], ['kula_ats_candidates'])).toBe(true);
  });

  it('reloads the outbox when what holds writes changes: connection state or the mapping', () => {
    expect(isStale(['outbox:list'], ['connections'])).toBe(true);
    expect(isStale(['outbox:list'], ['stage_mapping'])).toBe(true);
    expect(isStale(['outbox:preview'], ['connections'])).toBe(true);
  });

  it('reloads the mapping editor when a sync refreshes the ATS stages', () => {
    expect(isStale(['mapping:get'], ['ats_stages', 'sync_runs'])).toBe(true);
  });

  it('keeps the app store current: connections on credential and run changes, runs on runs', () => {
    expect(isStale(['connections:list'], ['credentials'])).toBe(true);
    expect(isStale(['connections:list'], ['sync_runs'])).toBe(true);
    expect(isStale(['runs:list'], ['sync_runs'])).toBe(true);
    expect(isStale(['runs:list'], ['connections'])).toBe(false);
  });
});
