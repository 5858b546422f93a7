import type { PreviewAction, WriteBackPreview } from '../../../shared/domain/outbox';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import type { DB } from '../db/database';
import { getConnectionRow, listConnectionRows } from '../db/repos/connections';
import { getCandidateRow, messagesOf, notesOf } from '../db/repos/kula';
import { countPrivateNotes } from '../db/repos/kula-reads';
import { openRowsOf, queuedNoteKeys } from '../db/repos/outbox';
import { openStageResolver } from '../mapping';
import type { ProviderRegistry } from '../providers/registry';
import { describeRow } from './describe';
import { messageText, noteText } from './note-text';
import { planWrite } from './plan';
import { loadPlanInput } from './plan/input';
import type { Effect, Leaves, PlanInput, PreviewLine, WritePlan } from './plan/types';
import { backfillItems } from './policy';

/**
 * "Preview sync": what the next sync would write, per candidate, read from the outbox and the
 * cache only. Nothing is sent and nothing changes. Each row's plan is the one the send follows
 * (plan/); where the send asks the ATS first, the preview takes the answer the cache predicts
 * (matches by email, an application already on the job) and says that the send checks again,
 * live. A row sees what the candidate's earlier rows would leave (the ATS candidate they link or
 * create, the application they create). Text that would become visible in an ATS is listed in the
 * privacy section; private notes are only counted (they are never sent).
 */

/** Why writes to a connection would not go out now (null when they would). */
export interface WritesHeld {
  held(connectionId: string): { reason: string; action: string } | null;
}

export type PreviewDeps = Pick<CoreBasics, 'db' | 'clock'> & {
  providers: ProviderRegistry;
  writeBack: WritesHeld;
};

type CandidateEntry = WriteBackPreview['candidates'][number];

export function previewWriteBack(deps: PreviewDeps, connectionId?: string): WriteBackPreview {
  const { db } = deps;
  const now = isoNow(deps.clock);
  const connections = connectionId
    ? [getConnectionRow(db, connectionId)].filter((row) => row !== undefined)
    : listConnectionRows(db);
  const preview: WriteBackPreview = {
    generatedAt: now,
    connections: [],
    candidates: [],
    privacy: { visible: [], privateNotesKept: 0 },
    totals: { create: 0, link: 0, move: 0, note: 0, upload: 0, skip: 0, blocked: 0 },
  };
  const byCandidate = new Map<string, CandidateEntry>();
  for (const connection of connections) {
    const definition = deps.providers.has(connection.provider)
      ? deps.providers.get(connection.provider)
      : null;
    const capabilities = definition?.writeCapabilities;
    if (!definition || !capabilities) continue;
    const ats = definition.label;
    const rows = openRowsOf(db, connection.id);
    preview.connections.push({
      connectionId: connection.id,
      connectionLabel: connection.label,
      provider: connection.provider,
      held: deps.writeBack.held(connection.id),
      caveats: capabilities.caveats,
    });
    if (rows.length === 0) continue;
    const source = {
      db,
      connectionId: connection.id,
      resolver: openStageResolver(db, connection.id, now),
    };
    const on = { ats, capabilities };
    const blockedBy = new Map<string, number>();
    /** What each candidate's earlier rows leave, as their later rows see it. */
    const left = new Map<string, Leaves>();
    const backfilled = new Set<string>();
    const add = (entry: CandidateEntry, action: PreviewAction) => {
      entry.actions.push(action);
      preview.totals[action.verb]++;
    };
    for (const row of rows) {
      const candidate = getCandidateRow(db, row.candidate_id);
      if (!candidate) continue;
      let entry = byCandidate.get(candidate.id);
      if (!entry) {
        entry = {
          candidateId: candidate.id,
          name: candidate.name,
          email: candidate.email,
          actions: [],
        };
        byCandidate.set(candidate.id, entry);
        preview.candidates.push(entry);
      }
      const base = { outboxId: row.id, connectionLabel: connection.label, kind: row.kind };
      const waiting = blockedBy.get(candidate.id);
      if (row.state === 'failed') {
        add(entry, {
          ...base,
          verb: 'blocked',
          summary: `${describeRow(db, row, ats)}: failed, waiting for you.`,
          detail: `${row.last_error ?? 'It failed.'} Retry or discard it in the Outbox; the candidate’s later writes wait for it.`,
        });
        blockedBy.set(candidate.id, row.id);
        continue;
      }
      if (waiting !== undefined) {
        add(entry, {
          ...base,
          verb: 'blocked',
          summary: `${describeRow(db, row, ats)}: waits for write #${waiting}.`,
          detail: null,
        });
        continue;
      }
      const input = after(loadPlanInput(source, row), left.get(candidate.id));
      const reached = expectedEnd(planWrite(input, on));
      add(entry, { ...base, ...line(reached.line) });
      if (reached.shows) {
        preview.privacy.visible.push({
          candidateName: candidate.name,
          connectionLabel: connection.label,
          ...reached.shows,
        });
      }
      left.set(candidate.id, { ...left.get(candidate.id), ...reached.leaves });
      if (reached.leaves.backfill) backfilled.add(candidate.id);
    }
    for (const candidateId of backfilled) {
      const entry = byCandidate.get(candidateId)!;
      for (const item of planBackfill(db, candidateId, connection.id, ats)) {
        preview.privacy.visible.push({
          candidateName: entry.name,
          connectionLabel: connection.label,
          kind: item.kind === 'note.create' ? 'note' : 'message',
          text: item.text,
        });
        add(entry, {
          outboxId: null,
          connectionLabel: connection.label,
          kind: item.kind,
          verb: 'note',
          summary: item.summary,
          detail: `Queued once the candidate exists; visible to everyone in ${ats} who can see this candidate.`,
        });
      }
    }
  }
  preview.privacy.privateNotesKept = countPrivateNotes(db);
  return preview;
}

function line(preview: PreviewLine): Pick<PreviewAction, 'verb' | 'summary' | 'detail'> {
  return { verb: preview.verb, summary: preview.summary, detail: preview.detail ?? null };
}

interface ExpectedEnd {
  line: PreviewLine;
  leaves: Leaves;
  shows?: { kind: 'note' | 'message'; text: string };
}

/** Where a plan ends when each check gets the answer the cache predicts. */
function expectedEnd(start: WritePlan): ExpectedEnd {
  let plan = start;
  for (;;) {
    switch (plan.step) {
      case 'check':
        plan = plan.then(plan.expected);
        break;
      case 'finish':
        return { line: plan.preview, leaves: leavesOf(plan.effects ?? []) };
      case 'blocked':
        return { line: plan.preview, leaves: {} };
      case 'send':
        return {
          line: plan.preview,
          leaves: plan.expect,
          ...(plan.shows ? { shows: plan.shows } : {}),
        };
    }
  }
}

/** What a row that ends without a write leaves for the candidate's later rows. */
function leavesOf(effects: Effect[]): Leaves {
  const leaves: Leaves = {};
  for (const effect of effects) {
    if (effect.effect === 'link-person') {
      leaves.person = {
        atsCandidateId: effect.person.remoteId,
        createdByConsole: effect.createdByConsole,
        profileUrl: effect.person.profileUrl,
        record: effect.person,
      };
      if (effect.backfill) leaves.backfill = true;
    } else if (effect.effect === 'link-application') {
      leaves.application = {
        ...effect.link,
        atsApplicationId: effect.application.remoteId,
        createdByConsole: effect.createdByConsole,
        resumeId: effect.resumeId,
      };
      if (effect.linksPerson) {
        leaves.person = {
          atsCandidateId: effect.person.remoteId,
          createdByConsole: effect.personCreated,
          profileUrl: effect.person.profileUrl,
          record: effect.person,
        };
      }
    }
  }
  return leaves;
}

/** A row's input as it will be when its turn comes, after the candidate's earlier rows. */
function after(input: PlanInput, leaves: Leaves | undefined): PlanInput {
  if (!leaves || input.kind === 'stage.move') return input;
  return {
    ...input,
    side: {
      ...input.side,
      person: input.side.person ?? leaves.person ?? null,
      currentApplication: leaves.application ?? input.side.currentApplication,
    },
  };
}

interface BackfillLine {
  kind: 'note.create' | 'message.create';
  text: string;
  summary: string;
}

/**
 * When the sync creates the ATS candidate, the candidate's public notes and messages that were
 * never queued for this connection follow (`backfillCandidate`); listed here so the preview shows
 * every text that would become visible.
 */
function planBackfill(
  db: DB,
  candidateId: string,
  connectionId: string,
  ats: string,
): BackfillLine[] {
  const queued = queuedNoteKeys(db, candidateId, connectionId);
  const items = backfillItems(notesOf(db, candidateId), messagesOf(db, candidateId));
  return items.flatMap((item): BackfillLine[] => {
    if (item.kind === 'note') {
      const { note } = item;
      if (queued.has(`note.create:${note.id}`)) return [];
      return [
        {
          kind: 'note.create',
          text: noteText(note),
          summary: `Then add the earlier note (${note.body.length} characters) to the new ${ats} candidate.`,
        },
      ];
    }
    const { message } = item;
    if (queued.has(`message.create:${message.id}`)) return [];
    return [
      {
        kind: 'message.create',
        text: messageText(message),
        summary: `Then add the earlier ${message.direction} ${message.channel} message as a note on the new ${ats} candidate.`,
      },
    ];
  });
}
