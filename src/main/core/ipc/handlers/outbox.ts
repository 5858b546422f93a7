import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { previewWriteBack } from '../../writeback/preview';

type OutboxHandlers = Pick<
  Handlers,
  | 'outbox:list'
  | 'outbox:counts'
  | 'outbox:retry'
  | 'outbox:discard'
  | 'outbox:send'
  | 'outbox:preview'
>;

export function createOutboxHandlers(ctx: CoreContext): OutboxHandlers {
  return {
    'outbox:list': (input) => ctx.writeBack.list(input),
    'outbox:counts': (input) => ctx.writeBack.counts(input.connectionId),
    'outbox:retry': (input) => ({ retried: ctx.writeBack.retry(input.ids) }),
    'outbox:discard': (input) => ({ discarded: ctx.writeBack.discard(input.ids) }),
    'outbox:send': (input) => ctx.writeBack.sendNow(input.connectionId),
    'outbox:preview': (input) => previewWriteBack(ctx, input.connectionId),
  };
}
