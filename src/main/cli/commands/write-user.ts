import { listAtsUsers } from '../../core/db/repos/ats-users';
import { ConsoleError } from '../../core/errors';
import type { CommandSpec } from '../command';

/**
 * `connections write-user CONNECTION [USER]`: lists the ATS users a connection's writes can be
 * attributed to (Lever `perform_as`), or chooses one by id or email (`--clear` removes it).
 */
export const writeUserCommand: CommandSpec = {
  name: 'connections write-user',
  summary: 'Show or choose the ATS user the console’s writes are attributed to (Lever perform_as)',
  usage: 'CONNECTION [USER_ID_OR_EMAIL] [--clear]',
  options: { clear: { type: 'boolean' } },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [connectionId, wanted] = positionals as [string, string | undefined];
    const { context } = ctx.core();
    const row = context.connections.row(connectionId);
    const users = listAtsUsers(context.db, connectionId);
    if (values.clear === true || wanted) {
      let userId: string | null = null;
      if (wanted) {
        const match = users.find(
          (user) => user.id === wanted || user.email?.toLowerCase() === wanted.toLowerCase(),
        );
        if (!match) {
          throw new ConsoleError(
            'NOT_FOUND',
            `No cached user of “${row.label}” has the id or email “${wanted}”.`,
            `Run \`kula-console connections write-user ${connectionId}\` to list them (sync first if the list is empty).`,
          );
        }
        userId = match.id;
      }
      const summary = await context.connections.setWriteUser(connectionId, userId);
      if (!ctx.io.json) {
        const chosen = users.find((user) => user.id === summary.writeUserId);
        ctx.io.out(
          chosen
            ? `Writes to “${row.label}” are now made as ${chosen.name}${chosen.email ? ` <${chosen.email}>` : ''}.`
            : `No user is chosen for writes to “${row.label}”; the console will not write to it.`,
        );
      }
      return summary;
    }
    const current = context.connections.summary(connectionId).writeUserId;
    if (!ctx.io.json) {
      if (users.length === 0)
        ctx.io.out(`No users cached for “${row.label}” yet: run a sync first.`);
      for (const user of users) {
        ctx.io.out(
          `${user.id === current ? '*' : ' '} ${user.id}  ${user.name}${user.email ? ` <${user.email}>` : ''}  ${user.role ?? ''}${user.active ? '' : '  (deactivated)'}`,
        );
      }
    }
    return { writeUserId: current, users };
  },
};
