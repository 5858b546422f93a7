import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS } from '../../../src/shared/ipc/channels';
import { schemas } from '../../../src/shared/ipc/contract';
import { openTestCore } from '../../support/core';
import { REPO_ROOT } from '../../support/paths';

describe('IPC contract', () => {
  it('has exactly one schema per channel and no schema without a channel', () => {
    expect(Object.keys(schemas).sort()).toEqual([...CHANNELS].sort());
  });

  it('has a handler for every channel and no handler outside the contract', async () => {
    const { core, cleanup } = openTestCore();
    try {
      expect(Object.keys(core.handlers).sort()).toEqual([...CHANNELS].sort());
    } finally {
      await cleanup();
    }
  });

  it('lets the preload allow exactly the contract channels (it imports the same runtime-free list)', () => {
    const preload = fs.readFileSync(path.join(REPO_ROOT, 'src/preload/api.ts'), 'utf8');
    expect(preload).toContain("from '../shared/ipc/channels'");
    const channelsSource = fs.readFileSync(
      path.join(REPO_ROOT, 'src/shared/ipc/channels.ts'),
      'utf8',
    );
    expect(channelsSource).not.toMatch(/^import /m);
  });

  it('names channels domain:verb-noun and events domain:noun', () => {
    for (const channel of CHANNELS) expect(channel).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
    for (const event of EVENTS) expect(event).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('refuses unknown keys in object inputs, so a typo is an error instead of a silent no-op', () => {
    expect(schemas['settings:update'].safeParse({ syncIntervalMinute: 10 }).success).toBe(false);
    expect(schemas['audit:list'].safeParse({ limit: 5, extra: true }).success).toBe(false);
  });
});
