import { WINDOW_STATE_KEYS } from '../../../../shared/domain/settings';
import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';

type SettingsHandlers = Pick<Handlers, 'settings:get' | 'settings:update'>;

export function createSettingsHandlers(ctx: CoreContext): SettingsHandlers {
  return {
    'settings:get': () => ctx.settings.get(),
    'settings:update': (patch) => {
      const before = ctx.settings.get();
      const after = ctx.settings.update(patch);
      const changed = (Object.keys(patch) as Array<keyof typeof patch>)
        .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .filter((key) => !(WINDOW_STATE_KEYS as readonly string[]).includes(key));
      if (changed.length > 0) {
        ctx.audit(
          'settings.update',
          null,
          changed
            .map((key) => `${key}: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`)
            .join(', '),
        );
      }
      // The scheduler and the log's upkeep act on the new values now, not at their next tick.
      if (changed.includes('syncIntervalMinutes')) ctx.scheduler.reconcile();
      if (changed.includes('logRetentionMb')) ctx.logMaintenance.scheduleTrim();
      return after;
    },
  };
}
