import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Non-secret preferences. Both stores (electron-store in the app, a JSON file for the CLI and
 * tests) validate against this one schema, so a hand-edited or corrupt file falls back to defaults
 * field by field instead of breaking start-up.
 */
export const SettingsSchema = z.object({
  /** Minutes between scheduled syncs of each connection. */
  syncIntervalMinutes: z
    .number({ error: 'Enter a number of minutes.' })
    .int('Use whole minutes.')
    .min(5, 'Sync at most every 5 minutes.')
    .max(1440, 'Sync at least once a day (1440 minutes).')
    .default(30),
  /** The sync log is trimmed, oldest first, once the database grows past this many megabytes. */
  logRetentionMb: z
    .number({ error: 'Enter a size in megabytes.' })
    .int('Use whole megabytes.')
    .min(10, 'Keep at least 10 MB of log.')
    .max(10_000, 'Keep at most 10,000 MB of log.')
    .default(200),
  /** Linux without a keyring: the admin accepted that secrets are only obfuscated on disk. */
  allowBasicTextStorage: z.boolean().default(false),
  desktopNotifications: z.boolean().default(true),
  /** The installed app looks for a newer version at start and every few hours. */
  autoUpdateChecks: z.boolean().default(true),
  /** The window's colours: the operating system's choice, or always light or always dark. */
  theme: z.enum(THEMES).default('system'),
  /** Start the app when the admin signs in to the computer (it opens in the background). */
  openAtLogin: z.boolean().default(false),
  /** The admin was told once that closing the window keeps automatic syncs running. */
  backgroundNoticeShown: z.boolean().default(false),
  /** The window's normal (not maximized, not full-screen) bounds when it last closed. */
  windowBounds: z
    .object({
      x: z.number().int().optional(),
      y: z.number().int().optional(),
      width: z.number().int().min(640).max(10_000),
      height: z.number().int().min(480).max(10_000),
    })
    .optional(),
  windowMaximized: z.boolean().default(false),
  windowFullScreen: z.boolean().default(false),
});

export type Settings = z.infer<typeof SettingsSchema>;

type Shape = typeof SettingsSchema.shape;
type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * A partial update: only the fields it names, each checked like the full settings, and unknown
 * keys refused so a typo never silently does nothing. Built without the fields' defaults: zod
 * fills a default in even where a field is optional, which would turn every update into a reset
 * of all the fields it does not name.
 */
export const SettingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(SettingsSchema.shape).map(([key, field]) => [
        key,
        (field instanceof z.ZodDefault ? field.unwrap() : field).optional(),
      ]),
    ) as { [K in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[K]>> },
  )
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** Settings the shell keeps about the window itself; not the admin's preferences. */
export const WINDOW_STATE_KEYS = [
  'windowBounds',
  'windowMaximized',
  'windowFullScreen',
  'backgroundNoticeShown',
] as const satisfies ReadonlyArray<keyof Settings>;
