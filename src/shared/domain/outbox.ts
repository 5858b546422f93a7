import type { ProviderKind } from './connections';

/**
 * The write-back outbox as the UI, the CLI and the health view see it. Every write to an ATS is
 * one row: pending (waiting or retrying), in flight, done, failed (needs the admin: retry or
 * discard), skipped (a rule said no, with the reason), discarded by the admin, or superseded (a
 * Kula stage move that lost to an ATS move under the conflict rule).
 */

export const OUTBOX_KINDS = [
  'candidate.ensure',
  'application.create',
  'stage.move',
  'note.create',
  'message.create',
  'resume.attach',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATES = [
  'pending',
  'in_flight',
  'done',
  'failed',
  'skipped',
  'discarded',
  'superseded',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** States that still need something to happen (the backlog). */
export const OPEN_OUTBOX_STATES: readonly OutboxState[] = ['pending', 'in_flight', 'failed'];

export const OUTBOX_KIND_LABELS: Record<OutboxKind, string> = {
  'candidate.ensure': 'Find or create the candidate',
  'application.create': 'Create the application',
  'stage.move': 'Move the application',
  'note.create': 'Add a note',
  'message.create': 'Add a conversation message as a note',
  'resume.attach': 'Attach the resume',
};

export interface OutboxItem {
  id: number;
  connectionId: string;
  connectionLabel: string;
  provider: ProviderKind;
  candidateId: string;
  candidateName: string;
  kind: OutboxKind;
  /** What the row writes, e.g. "Create the application on “Backend Engineer”". */
  title: string;
  state: OutboxState;
  attempts: number;
  /** Why the last attempt failed, and what to do. */
  lastError: string | null;
  lastAction: string | null;
  /** How it ended (done, skipped, superseded), in one line. */
  outcome: string | null;
  /** An earlier write of the same candidate this one waits for. */
  waitingFor: number | null;
  /** The next automatic attempt (pending rows after a failure). */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface OutboxPage {
  items: OutboxItem[];
  total: number;
  /** Why writes to a connection are held right now (needs re-authorization, mapping, setup). */
  held: Array<{ connectionId: string; connectionLabel: string; reason: string; action: string }>;
}

/** The backlog of one connection, for the health view and the status bar. */
export interface OutboxCounts {
  connectionId: string;
  pending: number;
  inFlight: number;
  failed: number;
  done: number;
  skipped: number;
  discarded: number;
  superseded: number;
  /** The oldest write still waiting (pending or failed), if any. */
  oldestOpenAt: string | null;
}

/** "Preview sync": what the next sync would send, per candidate, without sending anything. */
export interface WriteBackPreview {
  generatedAt: string;
  connections: Array<{
    connectionId: string;
    connectionLabel: string;
    provider: ProviderKind;
    /** Writes would not go out now: why, and what to do. */
    held: { reason: string; action: string } | null;
    caveats: string[];
  }>;
  candidates: Array<{
    candidateId: string;
    name: string;
    email: string | null;
    actions: PreviewAction[];
  }>;
  privacy: {
    /** Text that would become visible in an ATS, with where. */
    visible: Array<{
      candidateName: string;
      connectionLabel: string;
      kind: 'note' | 'message';
      text: string;
    }>;
    /** Private notes that stay in Kula (never sent, whatever happens). */
    privateNotesKept: number;
  };
  totals: Record<'create' | 'link' | 'move' | 'note' | 'upload' | 'skip' | 'blocked', number>;
}

export interface PreviewAction {
  /** null: a write the sync would queue itself (a backfill after it creates the ATS candidate). */
  outboxId: number | null;
  connectionLabel: string;
  kind: OutboxKind;
  verb: 'create' | 'link' | 'move' | 'note' | 'upload' | 'skip' | 'blocked';
  summary: string;
  detail: string | null;
}
