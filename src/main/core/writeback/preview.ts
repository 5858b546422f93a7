import type { PreviewAction, WriteBackPreview } from '../../../shared/domain/outbox';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import type { DB } from '../db/database';
import {
  currentApplicationLink,
  getApplicationLink,
  getCandidateLink,
} from '../db/repos/ats-links';
import { getConnectionRow, listConnectionRows } from '../db/repos/connections';
import { readPayload, type OutboxRow } from '../db/repos/outbox';
import {
  getCandidateRow,
  getMessage,
  getNote,
  getResume,
  jsonStrings,
  messagesOf,
  notesOf,
  type CandidateRowDb,
} from '../db/repos/kula';
import { openStageResolver, type StageResolver } from '../mapping';
import type { WriteCapabilities } from '../providers/provider';
import { describeRow } from './describe';
import { messageText, noteText } from './note-text';

/**
 * "Preview sync": what the next sync would write, per candidate, read from the outbox and the
 * cache only. Nothing is sent and nothing changes. Matches by email are looked up in the cache
 * (the send itself checks again, live); stage targets come from the mapping as it is now; text
 * that would become visible in an ATS is listed in the privacy section, and private notes are
 * only counted (they are never sent).
 */
export function previewWriteBack(ctx: CoreContext, connectionId?: string): WriteBackPreview {
  const { db } = ctx;
  const now = isoNow(ctx.clock);
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
  const byCandidate = new Map<string, WriteBackPreview['candidates'][number]>();
  for (const connection of connections) {
    const definition = ctx.providers.has(connection.provider)
      ? ctx.providers.get(connection.provider)
      : null;
    const capabilities = definition?.writeCapabilities;
    if (!definition || !capabilities) continue;
    const ats = definition.label;
    const rows = db
      .prepare(
        `SELECT * FROM outbox WHERE connection_id = ? AND state IN ('pending', 'in_flight', 'failed')
          ORDER BY candidate_id, id`,
      )
      .all(connection.id) as OutboxRow[];
    preview.connections.push({
      connectionId: connection.id,
      connectionLabel: connection.label,
      provider: connection.provider,
      held: ctx.writeBack.held(connection.id),
      caveats: capabilities.caveats,
    });
    if (rows.length === 0) continue;
    const resolver = openStageResolver(db, connection.id, now);
    const blockedBy = new Map<string, number>();
    const created = new Set<string>();
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
      let action: PreviewAction;
      const waiting = blockedBy.get(candidate.id);
      if (row.state === 'failed') {
        action = {
          ...base,
          verb: 'blocked',
          summary: `${describeRow(db, row, ats)}: failed, waiting for you.`,
          detail: `${row.last_error ?? 'It failed.'} Retry or discard it in the Outbox; the candidate’s later writes wait for it.`,
        };
        blockedBy.set(candidate.id, row.id);
      } else if (waiting !== undefined) {
        action = {
          ...base,
          verb: 'blocked',
          summary: `${describeRow(db, row, ats)}: waits for write #${waiting}.`,
          detail: null,
        };
      } else {
        action = planRow(db, row, candidate, {
          ats,
          connectionId: connection.id,
          connectionLabel: connection.label,
          capabilities,
          resolver,
          visible: (kind, text) =>
            preview.privacy.visible.push({
              candidateName: candidate.name,
              connectionLabel: connection.label,
              kind,
              text,
            }),
        });
      }
      entry.actions.push(action);
      preview.totals[action.verb]++;
      if (row.kind === 'candidate.ensure' && action.verb === 'create') created.add(candidate.id);
    }
    for (const candidateId of created) {
      const entry = byCandidate.get(candidateId)!;
      for (const action of planBackfill(db, candidateId, {
        ats,
        connectionId: connection.id,
        connectionLabel: connection.label,
        visible: (kind, text) =>
          preview.privacy.visible.push({
            candidateName: entry.name,
            connectionLabel: connection.label,
            kind,
            text,
          }),
      })) {
        entry.actions.push(action);
        preview.totals[action.verb]++;
      }
    }
  }
  preview.privacy.privateNotesKept = (
    db.prepare('SELECT count(*) AS n FROM kula_notes WHERE private = 1').get() as { n: number }
  ).n;
  return preview;
}

interface PlanContext {
  ats: string;
  connectionId: string;
  connectionLabel: string;
  capabilities: WriteCapabilities;
  resolver: StageResolver;
  visible(kind: 'note' | 'message', text: string): void;
}

function planRow(
  db: DB,
  row: OutboxRow,
  candidate: CandidateRowDb,
  plan: PlanContext,
): PreviewAction {
  const { ats } = plan;
  const act = (
    verb: PreviewAction['verb'],
    summary: string,
    detail: string | null = null,
  ): PreviewAction => ({
    outboxId: row.id,
    connectionLabel: plan.connectionLabel,
    kind: row.kind,
    verb,
    summary,
    detail,
  });
  const person = getCandidateLink(db, candidate.id, plan.connectionId);
  const personPending = () =>
    person !== undefined ||
    (db
      .prepare(
        `SELECT 1 FROM outbox WHERE candidate_id = ? AND connection_id = ? AND id < ?
           AND kind IN ('candidate.ensure', 'application.create') AND state IN ('pending', 'in_flight', 'failed')`,
      )
      .get(candidate.id, plan.connectionId, row.id) as unknown) !== undefined;
  return ((): PreviewAction => {
    switch (row.kind) {
      case 'candidate.ensure': {
        if (person)
          return act('link', `Already linked to ${ats} candidate ${person.ats_candidate_id}.`);
        const match = cachedPersonByEmail(
          db,
          plan.connectionId,
          jsonStrings(candidate.emails_json),
        );
        if (match) {
          return act(
            'link',
            `Link to the existing ${ats} candidate ${match.name} (${match.email}), found by email in the local cache; nothing is created.`,
            'The console checks by email again, live, when it sends.',
          );
        }
        return plan.capabilities.candidateCreatedSeparately
          ? act(
              'create',
              `Create the candidate ${candidate.name} in ${ats} (tagged with the source “Kula”).`,
              `No ${ats} candidate with ${candidate.email ?? 'this email'} is in the local cache; the console searches ${ats} by email again before creating.`,
            )
          : act(
              'create',
              `${ats} creates the candidate ${candidate.name} with the application.`,
              `No ${ats} candidate with ${candidate.email ?? 'this email'} is in the local cache; ${ats} also matches people by email itself.`,
            );
      }
      case 'application.create': {
        const link = getApplicationLink(db, Number(row.subject_id));
        if (!link) return act('skip', 'The application this was for no longer exists in Kula.');
        const job = link.ats_job_title ?? link.ats_job_id;
        const known =
          person ??
          (() => {
            const match = cachedPersonByEmail(
              db,
              plan.connectionId,
              jsonStrings(candidate.emails_json),
            );
            return match ? { ats_candidate_id: match.id } : undefined;
          })();
        if (known) {
          const existing = db
            .prepare(
              `SELECT a.remote_id, s.title FROM ats_applications a
                 LEFT JOIN ats_stages s ON s.connection_id = a.connection_id AND s.remote_id = a.stage_id
                WHERE a.connection_id = ? AND a.candidate_id = ? AND a.job_id = ? LIMIT 1`,
            )
            .get(plan.connectionId, known.ats_candidate_id, link.ats_job_id) as
            { remote_id: string; title: string | null } | undefined;
          if (existing) {
            return act(
              'link',
              `Link to the existing application on “${job}” (${existing.title ?? 'its stage'}); nothing is created and Kula follows its stage.`,
              'Resumes are not attached to applications the console did not create.',
            );
          }
        }
        const decision = plan.resolver.kulaToAts({
          kulaStageId: candidate.kula_stage_id,
          jobId: link.ats_job_id,
        });
        const stage =
          decision.kind === 'move'
            ? decision.rule
            : decision.kind === 'none'
              ? `${ats}’s default first stage (${decision.rule})`
              : `${ats}’s default first stage; the mapped stage cannot be used: ${decision.message}`;
        const source =
          link.origin === 'referral'
            ? plan.capabilities.candidateCreatedSeparately
              ? `${ats}’s referral source when it has one, else “Kula”`
              : 'origin “referred”, source “Kula”'
            : plan.capabilities.candidateCreatedSeparately
              ? 'source “Kula”'
              : 'as a Lead, origin “sourced”, source “Kula”';
        return act('create', `Create the application on “${job}” (${source}).`, `Stage: ${stage}`);
      }
      case 'stage.move': {
        const link = getApplicationLink(db, Number(row.subject_id));
        const kulaStageId = String(readPayload(row).kulaStageId ?? '');
        if (!link?.ats_application_id) return act('skip', 'No application to move.');
        const decision = plan.resolver.kulaToAts({
          kulaStageId,
          applicationId: link.ats_application_id,
          jobId: link.ats_job_id,
        });
        if (decision.kind === 'none') return act('skip', `Nothing moves: ${decision.rule}`);
        if (decision.kind === 'error') return act('blocked', decision.message, decision.action);
        return act(
          'move',
          `Move the application on “${link.ats_job_title ?? link.ats_job_id}”: ${decision.rule}`,
        );
      }
      case 'note.create':
      case 'message.create': {
        const isNote = row.kind === 'note.create';
        const note = isNote ? getNote(db, row.subject_id) : undefined;
        const message = isNote ? undefined : getMessage(db, row.subject_id);
        if (!note && !message) return act('skip', 'It no longer exists in Kula.');
        if (note?.private === 1) return act('skip', 'Private: stays in Kula.');
        if (!personPending()) {
          return act('skip', `Stays in Kula: there is no ${ats} candidate for ${candidate.name}.`);
        }
        const text = note ? noteText(note) : messageText(message!);
        plan.visible(isNote ? 'note' : 'message', text);
        const where =
          plan.capabilities.notesAttachTo === 'candidate'
            ? `the ${ats} candidate`
            : `the ${ats} opportunity`;
        return act(
          'note',
          note
            ? `Add a note (${note.body.length} characters) to ${where}.`
            : `Add the ${message!.direction} ${message!.channel} message as a note on ${where}.`,
          `Visible to everyone in ${ats} who can see this candidate.`,
        );
      }
      case 'resume.attach': {
        const resume = getResume(db, row.subject_id);
        if (!resume) return act('skip', 'The resume no longer exists in Kula.');
        const current = currentApplicationLink(db, candidate.id, plan.connectionId);
        if (current && current.created_by_console === 0) {
          return act(
            'skip',
            `“${resume.file_name}” is not attached: the current application was not created by the console.`,
          );
        }
        if (current?.resume_id === resume.id)
          return act('skip', `“${resume.file_name}” went with the application already.`);
        const how =
          plan.capabilities.laterResume === 'file'
            ? `as a file (${ats} shows it under Files, not Resumes)`
            : 'as the resume';
        return act(
          'upload',
          `Attach “${resume.file_name}” (${Math.max(1, Math.round(resume.size / 1024))} KB) ${how}.`,
          `Only if the application has no resume by then (checked in ${ats} when it is sent).`,
        );
      }
    }
  })();
}

/**
 * When the sync creates the ATS candidate, the candidate's public notes and messages that were
 * never queued for this connection follow (`backfillCandidate`); listed here so the preview shows
 * every text that would become visible.
 */
function planBackfill(
  db: DB,
  candidateId: string,
  plan: Pick<PlanContext, 'ats' | 'connectionId' | 'connectionLabel' | 'visible'>,
): PreviewAction[] {
  const queued = new Set(
    (
      db
        .prepare(
          `SELECT kind || ':' || subject_id AS key FROM outbox
            WHERE candidate_id = ? AND connection_id = ? AND kind IN ('note.create', 'message.create')`,
        )
        .all(candidateId, plan.connectionId) as Array<{ key: string }>
    ).map((row) => row.key),
  );
  const items = [
    ...notesOf(db, candidateId)
      .filter((note) => note.private === 0 && !queued.has(`note.create:${note.id}`))
      .map((note) => ({
        at: note.created_at,
        kind: 'note.create' as const,
        text: noteText(note),
        summary: `Then add the earlier note (${note.body.length} characters) to the new ${plan.ats} candidate.`,
      })),
    ...messagesOf(db, candidateId)
      .filter((message) => !queued.has(`message.create:${message.id}`))
      .map((message) => ({
        at: message.sent_at,
        kind: 'message.create' as const,
        text: messageText(message),
        summary: `Then add the earlier ${message.direction} ${message.channel} message as a note on the new ${plan.ats} candidate.`,
      })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return items.map((item) => {
    plan.visible(item.kind === 'note.create' ? 'note' : 'message', item.text);
    return {
      outboxId: null,
      connectionLabel: plan.connectionLabel,
      kind: item.kind,
      verb: 'note',
      summary: item.summary,
      detail: `Queued once the candidate exists; visible to everyone in ${plan.ats} who can see this candidate.`,
    };
  });
}

function cachedPersonByEmail(
  db: DB,
  connectionId: string,
  emails: string[],
): { id: string; name: string; email: string } | null {
  for (const email of emails) {
    const row = db
      .prepare(
        `SELECT remote_id, name FROM ats_candidates
          WHERE connection_id = ? AND (lower(primary_email) = ? OR emails_json LIKE ?) LIMIT 1`,
      )
      .get(connectionId, email, `%"${email.replace(/["%_\\]/g, '')}"%`) as
      { remote_id: string; name: string } | undefined;
    if (row) return { id: row.remote_id, name: row.name, email };
  }
  return null;
}
