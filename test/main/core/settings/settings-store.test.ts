import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  JsonFileSettingsStore,
  coerceSettings,
} from '../../../../src/main/core/settings/settings-store';
import { DEFAULT_SETTINGS } from '../../../../src/shared/domain/settings';
import { makeTempDir } from '../../../support/temp-dir';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function store() {
  const temp = makeTempDir('kula-settings-');
  temps.push(temp.cleanup);
  const file = path.join(temp.dir, 'settings.json');
  return { file, store: new JsonFileSettingsStore(file) };
}

describe('JsonFileSettingsStore', () => {
  it('returns defaults when no file exists and persists an update', () => {
    const { store: settings, file } = store();
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    settings.update({ syncIntervalMinutes: 15 });
    expect(new JsonFileSettingsStore(file).get().syncIntervalMinutes).toBe(15);
  });

  it('keeps valid fields and resets only the invalid ones of a hand-edited file', () => {
    const { store: settings, file } = store();
    fs.writeFileSync(file, JSON.stringify({ syncIntervalMinutes: 'soon', logRetentionMb: 500 }));
    expect(settings.get()).toMatchObject({
      syncIntervalMinutes: DEFAULT_SETTINGS.syncIntervalMinutes,
      logRetentionMb: 500,
    });
  });

  it('falls back to defaults for a corrupt file instead of failing', () => {
    const { store: settings, file } = store();
    fs.writeFileSync(file, '{not json');
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('rejects an out-of-range update and leaves the file unchanged', () => {
    const { store: settings, file } = store();
    settings.update({ syncIntervalMinutes: 20 });
    expect(() => settings.update({ syncIntervalMinutes: 1 })).toThrow();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).syncIntervalMinutes).toBe(20);
  });
});

describe('coerceSettings', () => {
  it('ignores values that are not objects', () => {
    expect(coerceSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(coerceSettings([1, 2])).toEqual(DEFAULT_SETTINGS);
  });
});
