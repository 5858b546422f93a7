import { messageText, noteRef, noteText } from '../note-text';
import { noteMayLeaveKula } from '../policy';
import { notesGoTo } from './side';
import { check, finish, send, settled, skip } from './steps';
import type {
  AtsSide,
  MessageCreateInput,
  NoteCreateInput,
  PlanTarget,
  RowFacts,
  WritePlan,
} from './types';

/**
 * "Add a note" and "Add a conversation message as a note": a Kula note, or a message logged with
 * the candidate, becomes a note on the ATS candidate (Lever: on the opportunity), with a reference
 * line the console looks for before sending again after a lost answer. The rules in policy.ts
 * decide what stays in Kula: private notes always, everything while there is no ATS candidate.
 */

export function planNote(input: NoteCreateInput, on: PlanTarget): WritePlan {
  const note = input.note;
  if (!note) return skip('The note no longer exists in Kula.', 'It no longer exists in Kula.');
  // A private note is never queued, and never sent if one were.
  if (!noteMayLeaveKula(note)) {
    return skip('The note is private: it stays in Kula.', 'Private: stays in Kula.');
  }
  const what = `note (${note.body.length} characters)`;
  return planText(input.row, input.side, input.candidateName, on, {
    kind: 'note',
    id: note.id,
    text: noteText(note),
    what,
    added: `Added the ${what} to ${on.ats}.`,
    previewSummary: (where) => `Add a note (${note.body.length} characters) to ${where}.`,
  });
}

export function planMessage(input: MessageCreateInput, on: PlanTarget): WritePlan {
  const message = input.message;
  if (!message) {
    return skip('The message no longer exists in Kula.', 'It no longer exists in Kula.');
  }
  const what = `${message.direction} ${message.channel} message`;
  return planText(input.row, input.side, input.candidateName, on, {
    kind: 'message',
    id: message.id,
    text: messageText(message),
    what,
    added: `Added the ${what} to ${on.ats} as a note.`,
    previewSummary: (where) =>
      `Add the ${message.direction} ${message.channel} message as a note on ${where}.`,
  });
}

function planText(
  row: RowFacts,
  side: AtsSide,
  candidateName: string,
  on: PlanTarget,
  item: {
    kind: 'note' | 'message';
    id: string;
    text: string;
    what: string;
    added: string;
    previewSummary(where: string): string;
  },
): WritePlan {
  const { ats } = on;
  const destination = notesGoTo(side, on);
  if ('stays' in destination) {
    return skip(
      `The ${item.what} stays in Kula: ${destination.reason}`,
      destination.stays === 'no-ats-candidate'
        ? `Stays in Kula: there is no ${ats} candidate for ${candidateName}.`
        : `Stays in Kula: ${destination.reason}`,
    );
  }
  const { target } = destination;
  const where =
    on.capabilities.notesAttachTo === 'candidate'
      ? `the ${ats} candidate`
      : `the ${ats} opportunity`;
  const add = send(
    { write: 'create-note', target, text: item.text },
    {
      preview: {
        verb: 'note',
        summary: item.previewSummary(where),
        detail: `Visible to everyone in ${ats} who can see this candidate.`,
      },
      shows: { kind: item.kind, text: item.text },
    },
    (created) =>
      settled(item.added, { apiCall: 'create note', result: { noteId: created.remoteId } }),
  );
  if (!row.needsCheck) return add;
  return check(
    { ask: 'note-exists', target, ref: noteRef(item.kind, item.id) },
    // The cache holds no ATS notes: the preview assumes an interrupted attempt added none.
    null,
    (exists) =>
      exists
        ? finish(
            'done',
            `The ${item.what} was already in ${ats} (an interrupted attempt had added it).`,
            { verb: 'skip', summary: `The ${item.what} is already in ${ats}.` },
            { apiCall: 'list notes' },
          )
        : add,
  );
}
