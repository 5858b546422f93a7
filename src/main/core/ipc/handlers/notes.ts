import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { addNote } from '../../kula/activity';

export function createNotesHandlers(ctx: CoreContext): Pick<Handlers, 'notes:add'> {
  return {
    'notes:add': (input) =>
      addNote(ctx, { candidate: input.candidateId, body: input.body, private: input.private }),
  };
}
