import type { AtsApplicationRecord } from '../../providers/records';
import { matchesMove, stateOf } from '../cache';
import { blocked, check, finish, send, settled, skip } from './steps';
import type { Effect, PlanTarget, StageMoveInput, WritePlan } from './types';

/**
 * "Move the application": a Kula stage change becomes an ATS stage change (or an archive) as the
 * Kula → ATS table maps the new Kula stage. Nothing is sent when the table says "don't move", or
 * when the application is there already; a mapping that cannot be applied fails the row with
 * the reason. The application's current stage comes from the cache, or from the ATS when an
 * earlier attempt may have moved it.
 */
export function planStageMove(input: StageMoveInput, on: PlanTarget): WritePlan {
  const link = input.link;
  const applicationId = link?.atsApplicationId;
  if (!link || !applicationId || !input.move) {
    return skip(
      'The application does not exist in the ATS, so there is nothing to move.',
      'No application to move.',
    );
  }
  const move = input.move;
  if (move.kind === 'none') return skip(move.rule, `Nothing moves: ${move.rule}`);
  if (move.kind === 'error') return blocked('CONFLICT', move.message, move.action);
  const job = link.jobTitle ?? link.jobId;
  const at = (application: AtsApplicationRecord): Effect => ({
    effect: 'application-at',
    linkId: link.id,
    applicationId,
    application,
  });
  const result = (application: AtsApplicationRecord) => ({
    stageId: application.stageRemoteId,
    archived: application.archived,
  });
  const moveFrom = (current: AtsApplicationRecord): WritePlan => {
    if (matchesMove(stateOf(current), move)) {
      return finish(
        'done',
        `${move.rule} The application was there already.`,
        {
          verb: 'skip',
          summary: `Nothing moves: the application on “${job}” is there already. ${move.rule}`,
        },
        { apiCall: null, result: result(current), effects: [at(current)] },
      );
    }
    return send(
      { write: 'move-application', current, move },
      { preview: { verb: 'move', summary: `Move the application on “${job}”: ${move.rule}` } },
      (moved) =>
        settled(move.rule, {
          apiCall: 'move application',
          result: result(moved),
          effects: [at(moved)],
        }),
    );
  };
  if (input.cached && !input.row.needsCheck) return moveFrom(input.cached);
  return check({ ask: 'application', applicationId }, input.cached, (current) =>
    current
      ? moveFrom(current)
      : skip(
          `The application is no longer in ${on.ats} (deleted or merged), so it was not moved.`,
          `The application on “${job}” is no longer in ${on.ats} (deleted or merged), so it is not moved.`,
        ),
  );
}
