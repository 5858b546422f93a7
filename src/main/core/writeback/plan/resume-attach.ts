import type { ResumeState } from '../../providers/provider';
import { applicationHasResume, resumeMayGoTo } from '../policy';
import { notesGoTo } from './side';
import { check, finish, send, settled, skip } from './steps';
import type { PlanTarget, ResumeAttachInput, WritePlan } from './types';

/**
 * "Attach the resume": a resume uploaded in Kula goes to the candidate's current ATS application
 * under the rules in policy.ts (only one the console created, only when it has none). Ashby takes
 * it as the resume; Lever, which has no API to add a resume to an existing opportunity, as a file
 * (a resume that exists when the console creates the opportunity goes with the create instead).
 * What the application holds is read from the ATS first: the cache does not know.
 */
export function planResumeAttach(input: ResumeAttachInput, on: PlanTarget): WritePlan {
  const { ats, capabilities } = on;
  const resume = input.resume;
  if (!resume) return skip('The resume no longer exists in Kula.');
  const name = resume.name;
  const link = input.side.currentApplication;
  if (!link?.atsApplicationId) {
    return skip(
      `The candidate has no application in ${ats}, so the resume was not attached.`,
      `“${name}” is not attached: the candidate has no application in ${ats}.`,
    );
  }
  const job = link.jobTitle ?? link.jobId;
  if (link.resumeId === resume.id) {
    return finish('done', `“${name}” went with the application on “${job}” when it was created.`, {
      verb: 'skip',
      summary: `“${name}” went with the application already.`,
    });
  }
  if (!resumeMayGoTo(link)) {
    return skip(
      `The current application on “${job}” was not created by the console, so “${name}” was not attached (resumes go only to applications the console created).`,
      `“${name}” is not attached: the current application was not created by the console.`,
    );
  }
  const destination = notesGoTo(input.side, on);
  if ('stays' in destination) return skip(`“${name}” was not attached: ${destination.reason}`);
  const target = { ...destination.target, applicationId: link.atsApplicationId };
  const asFile = capabilities.laterResume === 'file';
  const nothingYet: ResumeState = { resumeName: null, files: [] };
  // The cache does not know an application's resume: the preview assumes none, and says so.
  return check({ ask: 'resume-state', target }, nothingYet, (answer) => {
    const state = answer ?? nothingYet;
    const ours = asFile
      ? state.files.some(
          (file) => file.name === name && (file.size === null || file.size === resume.size),
        )
      : state.resumeName === name;
    if (input.row.needsCheck && ours) {
      return finish(
        'done',
        `“${name}” was already attached (an interrupted attempt had sent it).`,
        { verb: 'skip', summary: `“${name}” is already attached.` },
        { apiCall: 'read resume' },
      );
    }
    if (applicationHasResume(state)) {
      return skip(
        `The application on “${job}” already has a resume (“${state.resumeName}”), so “${name}” was not attached.`,
      );
    }
    if (ours) {
      return finish(
        'done',
        `“${name}” is already attached to the application on “${job}”.`,
        { verb: 'skip', summary: `“${name}” is already attached.` },
        { apiCall: 'read resume' },
      );
    }
    return send(
      { write: 'attach-resume', target, resume },
      {
        preview: {
          verb: 'upload',
          summary: `Attach “${name}” (${Math.max(1, Math.round(resume.size / 1024))} KB) ${
            asFile ? `as a file (${ats} shows it under Files, not Resumes)` : 'as the resume'
          }.`,
          detail: `Only if the application has no resume by then (checked in ${ats} when it is sent).`,
        },
      },
      (attached) =>
        settled(
          attached.placement === 'file'
            ? `Uploaded “${name}” to the application on “${job}” as a file: ${ats} shows it under Files, not Resumes (it has no API to add a resume to an existing application).`
            : `Added “${name}” as the resume of the application on “${job}”.`,
          {
            apiCall: 'attach resume',
            result: { placement: attached.placement, fileId: attached.remoteId },
            effects: [{ effect: 'resume-attached', linkId: link.id, resumeId: resume.id }],
          },
        ),
    );
  });
}
