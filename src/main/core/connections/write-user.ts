import type { AtsUserOption } from '../../../shared/domain/connections';
import { ConsoleError } from '../errors';

/**
 * The ATS user the console's writes are attributed to (Lever's `perform_as`): one of the account's
 * imported users, and an active one, since the ATS refuses writes made as a deactivated user.
 */
export function chooseWriteUser(users: AtsUserOption[], userId: string): AtsUserOption {
  const user = users.find((candidate) => candidate.id === userId);
  if (user && user.active) return user;
  throw new ConsoleError(
    'BAD_INPUT',
    users.length === 0
      ? 'The users of this account have not been imported yet.'
      : user
        ? `${user.name} is deactivated in the ATS, and writes cannot be made as them.`
        : 'That user is not among the users of this account.',
    users.length === 0
      ? 'Sync the connection first, then choose the user.'
      : 'Choose an active user from the list.',
    [{ path: 'userId', message: 'Choose an active user of the account.' }],
  );
}
