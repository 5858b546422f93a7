import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/domain/settings';

/** How the core reads and writes preferences, so the CLI works without Electron. */
export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

/**
 * Applies the schema field by field: a corrupt or hand-edited value falls back to its default,
 * the rest of the file is kept.
 */
export function coerceSettings(raw: unknown): Settings {
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const source = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape) as Array<keyof Settings>) {
    const field = SettingsSchema.shape[key].safeParse(source[key]);
    result[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
  }
  return SettingsSchema.parse(result);
}

/** Settings in `<dataDir>/settings.json`, written atomically (temp file + rename). */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}

  get(): Settings {
    try {
      return coerceSettings(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  update(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
    fs.renameSync(temp, this.file);
    return next;
  }
}

export class MemorySettingsStore implements SettingsStore {
  private value: Settings = DEFAULT_SETTINGS;
  get(): Settings {
    return this.value;
  }
  update(patch: SettingsPatch): Settings {
    this.value = SettingsSchema.parse({ ...this.value, ...patch });
    return this.value;
  }
}
