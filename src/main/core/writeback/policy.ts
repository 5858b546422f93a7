import type { NoteTarget, ResumeState, WriteCapabilities } from '../providers/provider';

/**
 * The write-back rules: what of a Kula candidate may reach an ATS, and when. Each rule is one
 * named function here; queueing (enqueue.ts), the plan of each write (plan/), the preview and the
 * backfill ask these functions rather than testing the fields themselves.
 *
 * 1. Private notes never leave Kula.
 * 2. Notes and conversation messages go only to an ATS candidate that exists: the console never
 *    creates an ATS candidate to hold a note.
 * 3. When the console creates the ATS candidate, the candidate's public notes and messages that
 *    were written before follow, once.
 * 4. A resume goes only to an application the console created, and only when that application
 *    has no resume yet, whoever uploaded it.
 */

// ── 1. private notes never leave Kula ──────────────────────────────────────────────────────────

/**
 * Private notes never leave Kula: they are not queued, not sent (should one ever be queued), and
 * the preview counts them without showing their text.
 */
export function noteMayLeaveKula(note: { private: number }): boolean {
  return note.private !== 1;
}

// ── 2. notes and messages go only to an ATS candidate that exists ──────────────────────────────

/**
 * The connections a new note or message is queued for: those where the candidate has an ATS
 * candidate, or an application on its way (which brings one). Whether it is sent is decided when
 * it is sent, by `noteDestination`: only if the ATS candidate exists by then.
 */
export function connectionsTakingNotes(links: {
  people: ReadonlyArray<{ connection_id: string }>;
  applications: ReadonlyArray<{ connection_id: string }>;
}): string[] {
  const connections = new Set([...links.people, ...links.applications].map((l) => l.connection_id));
  return [...connections].sort();
}

/** Why a note, a message or a resume stays in Kula instead of reaching the ATS. */
export type StaysInKula =
  { stays: 'no-ats-candidate'; reason: string } | { stays: 'no-application'; reason: string };

/**
 * Where a note or a conversation message goes: the candidate's ATS candidate, and the application
 * where the ATS keeps notes on applications. It stays in Kula when there is no ATS candidate (the
 * console never creates one for a note), or when the ATS needs an application and there is none.
 */
export function noteDestination(
  side: {
    person: { atsCandidateId: string } | null;
    /** The candidate's current application in the ATS, or the newest one the cache knows. */
    applicationId: string | null;
  },
  capabilities: Pick<WriteCapabilities, 'notesAttachTo'>,
  ats: string,
): { target: NoteTarget } | StaysInKula {
  if (!side.person) {
    return {
      stays: 'no-ats-candidate',
      reason: `there is no ${ats} candidate for this person (notes go to the ATS only once the candidate exists there).`,
    };
  }
  if (capabilities.notesAttachTo === 'application' && !side.applicationId) {
    return {
      stays: 'no-application',
      reason: `${ats} keeps notes on applications and this candidate has none.`,
    };
  }
  return {
    target: { candidateId: side.person.atsCandidateId, applicationId: side.applicationId },
  };
}

// ── 3. the backfill when the console creates the ATS candidate ─────────────────────────────────

/**
 * Linking a Kula candidate to an ATS candidate brings their earlier notes and messages only when
 * the console created that ATS candidate: a person found in the ATS keeps what the ATS has.
 */
export function backfillsOnLink(person: { createdByConsole: boolean }): boolean {
  return person.createdByConsole;
}

export type BackfillItem<N, M> =
  { kind: 'note'; note: N; at: string } | { kind: 'message'; message: M; at: string };

/**
 * What follows the console's new ATS candidate: the public notes (never the private ones) and
 * every conversation message, oldest first. The outbox keys make a second backfill a no-op.
 */
export function backfillItems<
  N extends { private: number; created_at: string },
  M extends { sent_at: string },
>(notes: readonly N[], messages: readonly M[]): Array<BackfillItem<N, M>> {
  const items: Array<BackfillItem<N, M>> = [
    ...notes
      .filter((note) => noteMayLeaveKula(note))
      .map((note) => ({ kind: 'note' as const, note, at: note.created_at })),
    ...messages.map((message) => ({ kind: 'message' as const, message, at: message.sent_at })),
  ];
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// ── 4. resumes ──────────────────────────────────────────────────────────────────────────────────

/** A resume goes only to an application the console created (never to one it found). */
export function resumeMayGoTo(application: { createdByConsole: boolean }): boolean {
  return application.createdByConsole;
}

/**
 * An application that already has a resume, whoever uploaded it, keeps it: the console's resume
 * is not added.
 */
export function applicationHasResume(state: ResumeState): boolean {
  return Boolean(state.resumeName);
}
