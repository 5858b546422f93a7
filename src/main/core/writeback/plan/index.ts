import { planApplicationCreate } from './application-create';
import { planCandidateEnsure } from './candidate-ensure';
import { planMessage, planNote } from './note-create';
import { planResumeAttach } from './resume-attach';
import { planStageMove } from './stage-move';
import type { PlanInput, PlanTarget, WritePlan } from './types';

/**
 * The plan of one outbox row, from what `loadPlanInput` read: pure, so sending and the preview
 * decide alike. One planner per outbox kind, each in the file named after it.
 */
export function planWrite(input: PlanInput, on: PlanTarget): WritePlan {
  switch (input.kind) {
    case 'candidate.ensure':
      return planCandidateEnsure(input, on);
    case 'application.create':
      return planApplicationCreate(input, on);
    case 'stage.move':
      return planStageMove(input, on);
    case 'note.create':
      return planNote(input, on);
    case 'message.create':
      return planMessage(input, on);
    case 'resume.attach':
      return planResumeAttach(input, on);
  }
}
