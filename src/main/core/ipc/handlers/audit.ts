import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { listAudit, listAuditActions } from '../../db/repos/audit';

type AuditHandlers = Pick<Handlers, 'audit:list' | 'audit:actions'>;

export function createAuditHandlers(ctx: CoreContext): AuditHandlers {
  return {
    'audit:list': (input) => listAudit(ctx.db, input),
    'audit:actions': () => listAuditActions(ctx.db),
  };
}
