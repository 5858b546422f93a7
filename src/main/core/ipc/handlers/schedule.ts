import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { getConnectionRow } from '../../db/repos/connections';
import { ConsoleError } from '../../errors';
import { updateConnectionSchedule } from '../../scheduler/connection-schedule';

type ScheduleHandlers = Pick<
  Handlers,
  'schedule:list' | 'schedule:update' | 'schedule:report-online'
>;

export function createScheduleHandlers(ctx: CoreContext): ScheduleHandlers {
  return {
    'schedule:list': () => ctx.scheduler.status(),
    'schedule:update': ({ connectionId, intervalMinutes, enabled }) => {
      updateConnectionSchedule(ctx, connectionId, { intervalMinutes, enabled });
      const row = getConnectionRow(ctx.db, connectionId);
      if (!row) throw new ConsoleError('NOT_FOUND', `There is no connection “${connectionId}”.`);
      return ctx.scheduler.describe(row);
    },
    'schedule:report-online': ({ online }) => {
      ctx.scheduler.setOnline(online);
      return { online: ctx.scheduler.isOnline };
    },
  };
}
