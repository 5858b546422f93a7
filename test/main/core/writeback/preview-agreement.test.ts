import { afterEach, describe, expect, it } from 'vitest';
import type {
  OutboxKind,
  PreviewAction,
  WriteBackPreview,
} from '../../../../src/shared/domain/outbox';
import { addNote, logMessage, uploadResume } from '../../../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow } from '../../../../src/main/core/kula/flows';
import { previewWriteBack } from '../../../../src/main/core/writeback/preview';
import { ashbyWorld, DONT_MOVE_STAGE, leverWorld, type World } from '../../../support/agreement';
import { syncUntilSent } from '../../../support/writeback';

/**
 * The preview and the send agree: for every outbox kind and its main situations, built against the
 * Ashby and the Lever simulators, what "Preview sync" says the next sync would create, link, move,
 * note, upload or skip is what the simulator then received and how each outbox row ended. Where
 * the send depends on a live answer the cache cannot give (a resume someone attached in the ATS),
 * the preview names that check, and the row ends on the check's other branch.
 *
 * Situations (both ATSs):
 * - candidate.ensure: a new person (created; Lever creates them with the application), a person
 *   already in the ATS (linked by email);
 * - application.create: a new application, one the person already has on the job (linked);
 * - stage.move: a move, a move back to where the application is (nothing sent), a Kula stage the
 *   mapping says not to move;
 * - note.create / message.create: with an ATS candidate (including the backfill when the console
 *   creates it), without one (stays in Kula), a private note (never queued, never shown);
 * - resume.attach: an application the console created without a resume, one it did not create,
 *   one that already has a resume in the ATS, and (Lever) a resume that went with the create.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);
const SECRET = 'PRIVATE-agreement-secret-4711';

/** Verbs that promise one write of the action's kind. */
const WRITES = new Set<PreviewAction['verb']>(['create', 'move', 'note', 'upload']);
/** How the preview says the send asks the ATS again before it writes. */
const LIVE_CHECK = /checked in \w+ when it is sent|again, live|by email again/;

interface Situation {
  label: string;
  candidateId: string;
  /** What the preview says, in order. */
  verbs: Array<PreviewAction['verb']>;
  /** How the candidate's rows of this phase end, in order (backfilled rows included). */
  rows: Array<[OutboxKind, 'done' | 'skipped' | 'discarded', RegExp]>;
}

interface Row {
  id: number;
  kind: OutboxKind;
  state: string;
  outcome: string | null;
}

const lastRowId = (w: World) =>
  (w.ctx.db.prepare('SELECT coalesce(max(id), 0) AS n FROM outbox').get() as { n: number }).n;

const rowsOf = (w: World, candidateId: string, after: number) =>
  w.ctx.db
    .prepare(
      'SELECT id, kind, state, outcome FROM outbox WHERE candidate_id = ? AND id > ? ORDER BY id',
    )
    .all(candidateId, after) as Row[];

/** Previews, sends (real sync runs), and checks that the two agree for every situation. */
async function previewThenSend(
  w: World,
  situations: Situation[],
  since: number,
): Promise<WriteBackPreview> {
  const preview = previewWriteBack(w.ctx, w.connectionId);
  w.mark();
  await syncUntilSent(w.ctx, w.connectionId);
  const writes = w.writes();
  const involved = new Set(situations.map((situation) => situation.candidateId));
  // Nothing was written that the preview did not list.
  expect(writes.filter((write) => !involved.has(write.candidateId ?? ''))).toEqual([]);
  for (const situation of situations) {
    const { label, candidateId } = situation;
    const entry = preview.candidates.find((candidate) => candidate.candidateId === candidateId);
    const actions = entry?.actions ?? [];
    expect(
      actions.map((action) => action.verb),
      label,
    ).toEqual(situation.verbs);
    const rows = rowsOf(w, candidateId, since);
    expect(
      rows.map((row) => [row.kind, row.state]),
      label,
    ).toEqual(situation.rows.map(([kind, state]) => [kind, state]));
    rows.forEach((row, i) => expect(row.outcome, label).toMatch(situation.rows[i]![2]));

    // Each action that promises a write made exactly one, of its kind; the others made none.
    const promised = new Map<OutboxKind, number>();
    for (const action of actions) {
      const row = action.outboxId === null ? null : rows.find((r) => r.id === action.outboxId);
      if (action.outboxId !== null) expect(row, label).toBeDefined();
      if (!WRITES.has(action.verb)) {
        expect(['done', 'skipped'], label).toContain(row?.state);
        continue;
      }
      if (row?.state === 'skipped') {
        // The live check answered otherwise than the cache: the preview said it would ask.
        expect(action.detail, label).toMatch(LIVE_CHECK);
        continue;
      }
      promised.set(action.kind, (promised.get(action.kind) ?? 0) + 1);
    }
    const written = new Map<OutboxKind, number>();
    for (const write of writes.filter((write) => write.candidateId === candidateId)) {
      written.set(write.kind, (written.get(write.kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(written), label).toEqual(Object.fromEntries(promised));

    // The text the preview showed as becoming visible is the text the ATS received.
    const shown = preview.privacy.visible
      .filter((item) => item.candidateName === entry?.name)
      .map((item) => item.text)
      .sort();
    const sent = writes
      .filter((write) => write.candidateId === candidateId && write.text !== undefined)
      .map((write) => write.text!)
      .sort();
    expect(sent, label).toEqual(shown);
  }
  return preview;
}

describe.each([
  ['Ashby', ashbyWorld],
  ['Lever', leverWorld],
] as const)('%s: the preview says what the send then does', (ats, open) => {
  it('for every outbox kind, before and after the console has linked the candidates', async () => {
    world = await open();
    const w = world;
    const add = (name: string, email: string, flow = true) =>
      addCandidate(w.ctx, {
        name,
        emails: [email],
        flowIds: flow ? [w.flowId] : [],
        origin: 'form',
      });

    // ── first sync: people, applications, the backfill, what stays in Kula ──
    let since = lastRowId(w);
    const fresh = add('Agreement New', 'agreement-new@example.org', false);
    addNote(w.ctx, { candidate: fresh.id, body: 'Early public note.', private: false });
    addNote(w.ctx, { candidate: fresh.id, body: SECRET, private: true });
    logMessage(w.ctx, {
      candidate: fresh.id,
      body: 'Hello from Kula.',
      direction: 'outbound',
      sentAt: '2025-01-02T09:00:00Z',
    });
    addToFlow(w.ctx, w.flowId, [fresh.id]);
    const known = add(w.known.name, w.known.email);
    const applied = add(w.applied.name, w.applied.email);
    const early = add('Agreement Resume', 'agreement-resume@example.org', false);
    uploadResume(w.ctx, { candidate: early.id, fileName: 'early.pdf', bytes: pdf('early') });
    addToFlow(w.ctx, w.flowId, [early.id]);
    const discarded = add('Agreement Discarded', 'agreement-discarded@example.org');
    addNote(w.ctx, { candidate: discarded.id, body: 'A note that stays.', private: false });
    const person = rowsOf(w, discarded.id, since).filter((row) => row.kind !== 'note.create');
    w.ctx.writeBack.discard(person.map((row) => row.id));
    const outside = add('Agreement Outside', 'agreement-outside@example.org', false);
    addNote(w.ctx, { candidate: outside.id, body: 'Never linked.', private: false });

    const created =
      ats === 'Ashby' ? /^Created Ashby candidate/ : /Lever creates one with the application/;
    const first = await previewThenSend(
      w,
      [
        {
          label: 'a new person, with earlier notes and messages',
          candidateId: fresh.id,
          verbs: ['create', 'create', 'note', 'note'],
          rows: [
            ['candidate.ensure', 'done', created],
            ['application.create', 'done', /^Created the application on/],
            ['message.create', 'done', /^Added the outbound email message/],
            ['note.create', 'done', /^Added the note/],
          ],
        },
        {
          label: 'a person already in the ATS',
          candidateId: known.id,
          verbs: ['link', 'create'],
          rows: [
            ['candidate.ensure', 'done', /^Linked to the existing .* \(matched by email\)/],
            ['application.create', 'done', /^Created the application on/],
          ],
        },
        {
          label: 'a person with an application on the job already',
          candidateId: applied.id,
          verbs: ['link', 'link'],
          rows: [
            ['candidate.ensure', 'done', /^Linked to the existing/],
            ['application.create', 'done', /already has an application on .*nothing was created/],
          ],
        },
        {
          label: 'a resume uploaded before the application',
          candidateId: early.id,
          verbs: ats === 'Ashby' ? ['create', 'create', 'upload'] : ['create', 'create', 'skip'],
          rows: [
            ['candidate.ensure', 'done', created],
            ['application.create', 'done', /^Created the application on/],
            [
              'resume.attach',
              'done',
              ats === 'Ashby'
                ? /^Added “early\.pdf” as the resume/
                : /went with the application on .* when it was created/,
            ],
          ],
        },
        {
          label: 'a note for a candidate with no ATS candidate',
          candidateId: discarded.id,
          verbs: ['skip'],
          rows: [
            ['candidate.ensure', 'discarded', /^Discarded by/],
            ['application.create', 'discarded', /^Discarded by/],
            ['note.create', 'skipped', /stays in Kula: there is no .* candidate/],
          ],
        },
      ],
      since,
    );
    // The candidate with no link has nothing queued and appears nowhere.
    expect(first.candidates.some((entry) => entry.candidateId === outside.id)).toBe(false);
    expect(rowsOf(w, outside.id, 0)).toEqual([]);
    // The private note: never queued, never shown, never sent; only counted.
    expect(first.privacy.privateNotesKept).toBe(1);
    expect(JSON.stringify(first)).not.toContain(SECRET);
    expect(w.requestText()).not.toContain(SECRET);
    expect(JSON.stringify(w.ctx.db.prepare('SELECT * FROM outbox').all())).not.toContain(SECRET);

    // ── second sync: notes, moves and resumes on linked candidates ──
    since = lastRowId(w);
    addNote(w.ctx, { candidate: fresh.id, body: 'Later public note.', private: false });
    logMessage(w.ctx, { candidate: fresh.id, body: 'Sounds good.', direction: 'inbound' });
    moveCandidate(w.ctx, fresh.id, 'Interested');
    uploadResume(w.ctx, { candidate: fresh.id, fileName: 'fresh.pdf', bytes: pdf('fresh') });
    // Moved away and back before the sync: the application is where the last move puts it.
    moveCandidate(w.ctx, known.id, 'Contacted');
    moveCandidate(w.ctx, known.id, 'New');
    w.giveResume(known.id);
    uploadResume(w.ctx, { candidate: known.id, fileName: 'known.pdf', bytes: pdf('known') });
    moveCandidate(w.ctx, applied.id, DONT_MOVE_STAGE);
    uploadResume(w.ctx, { candidate: applied.id, fileName: 'applied.pdf', bytes: pdf('app') });

    await previewThenSend(
      w,
      [
        {
          label: 'a note, a message, a move and a resume for a linked candidate',
          candidateId: fresh.id,
          verbs: ['note', 'note', 'move', 'upload'],
          rows: [
            ['note.create', 'done', /^Added the note/],
            ['message.create', 'done', /^Added the inbound email message .* as a note/],
            ['stage.move', 'done', /^Kula "Interested" →/],
            [
              'resume.attach',
              'done',
              ats === 'Ashby'
                ? /^Added “fresh\.pdf” as the resume/
                : /^Uploaded “fresh\.pdf” .* as a file/,
            ],
          ],
        },
        {
          label: 'a move to where the application is, and an application with a resume',
          candidateId: known.id,
          verbs: ['skip', 'upload'],
          rows: [
            ['stage.move', 'done', /The application was there already\.$/],
            ['resume.attach', 'skipped', /already has a resume/],
          ],
        },
        {
          label: 'a stage the mapping does not move, and an application the console did not create',
          candidateId: applied.id,
          verbs: ['skip', 'skip'],
          rows: [
            ['stage.move', 'skipped', /don't move/],
            ['resume.attach', 'skipped', /not created by the console/],
          ],
        },
      ],
      since,
    );
  });
});
