import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { addNote } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow, createFlow } from '../../../../src/main/core/kula/flows';
import { previewWriteBack } from '../../../../src/main/core/writeback/preview';
import { addConnection, ashbyTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

/**
 * "Preview sync" (the dry run) over a cached Ashby tenant: per candidate, what the next sync would
 * create, link, note; matches by email link to the existing ATS candidate (and application)
 * instead of creating one; private notes are counted, never shown; nothing in the outbox changes.
 */

let core: ConsoleCore;
let cleanup: () => Promise<void>;
const CONNECTION = 'ashby-1';

beforeEach(() => {
  const test = openTestCore();
  core = test.core;
  cleanup = test.cleanup;
  writeTenant(core.context.db, addConnection(core.context.db, 'ashby', CONNECTION), ashbyTenant());
  const insert = core.context.db.prepare(
    `INSERT INTO ats_candidates (connection_id, remote_id, name, primary_email, emails_json)
     VALUES (?, ?, ?, ?, ?)`,
  );
  insert.run(CONNECTION, 'ats-known', 'Known Person', 'known@example.org', '["known@example.org"]');
  insert.run(
    CONNECTION,
    'ats-applied',
    'Applied Person',
    'old@example.org',
    '["old@example.org","applied@example.org"]',
  );
  core.context.db
    .prepare(
      `INSERT INTO ats_applications (connection_id, remote_id, candidate_id, job_id, stage_id, status)
       VALUES (?, 'app-1', 'ats-applied', 'job-backend', 'plan-eng-new-lead', 'Active')`,
    )
    .run(CONNECTION);
});
afterEach(async () => cleanup());

const outboxSnapshot = () =>
  core.context.db.prepare('SELECT id, state, attempts FROM outbox ORDER BY id').all();

describe('previewing the next sync', () => {
  it('lists creates for new people and links for people already in the ATS, and sends nothing', () => {
    const ctx = core.context;
    const flow = createFlow(ctx, {
      name: 'Backend',
      link: { connectionId: CONNECTION, jobId: 'job-backend' },
    });
    const fresh = addCandidate(ctx, {
      name: 'New Person',
      emails: ['new@example.org'],
      origin: 'form',
    });
    const known = addCandidate(ctx, {
      name: 'Known Person',
      emails: ['KNOWN@example.org'],
      origin: 'form',
    });
    const applied = addCandidate(ctx, {
      name: 'Applied Person',
      emails: ['applied@example.org'],
      origin: 'form',
    });
    addNote(ctx, {
      candidate: fresh.id,
      body: 'Public: great fit for the backend team',
      private: false,
    });
    addNote(ctx, { candidate: fresh.id, body: 'PRIVATE preview secret', private: true });
    addToFlow(ctx, flow.id, [fresh.id, known.id, applied.id]);
    const before = outboxSnapshot();

    const preview = previewWriteBack(ctx);
    const verbs = (id: string) =>
      preview.candidates.find((entry) => entry.candidateId === id)?.actions.map((a) => a.verb);
    // The earlier public note follows once the console has created the person (a backfill).
    expect(verbs(fresh.id)).toEqual(['create', 'create', 'note']);
    const backfill = preview.candidates.find((entry) => entry.candidateId === fresh.id)!
      .actions[2]!;
    expect(backfill).toMatchObject({ outboxId: null, kind: 'note.create' });
    expect(backfill.summary).toMatch(/earlier note \(38 characters\) to the new Ashby candidate/);
    expect(verbs(known.id)).toEqual(['link', 'create']);
    expect(verbs(applied.id)).toEqual(['link', 'link']);
    const knownActions = preview.candidates.find(
      (entry) => entry.candidateId === known.id,
    )!.actions;
    expect(knownActions[0]!.summary).toMatch(
      /existing Ashby candidate Known Person \(known@example\.org\)/,
    );
    expect(preview.totals).toMatchObject({ create: 3, link: 3, note: 1, upload: 0 });

    // What becomes visible in the ATS is listed; the private note is only counted.
    expect(preview.privacy.privateNotesKept).toBe(1);
    expect(preview.privacy.visible.map((item) => item.text).join('\n')).toContain(
      'Public: great fit for the backend team',
    );
    expect(JSON.stringify(preview)).not.toContain('PRIVATE preview secret');

    // A dry run changes nothing.
    expect(outboxSnapshot()).toEqual(before);
  });

  it('shows a failed write as blocking the candidate’s later writes', () => {
    const ctx = core.context;
    const flow = createFlow(ctx, {
      name: 'Backend',
      link: { connectionId: CONNECTION, jobId: 'job-backend' },
    });
    const person = addCandidate(ctx, {
      name: 'Stuck Person',
      emails: ['stuck@example.org'],
      origin: 'form',
    });
    addToFlow(ctx, flow.id, [person.id]);
    ctx.db
      .prepare(
        `UPDATE outbox SET state = 'failed', last_error = 'Ashby refused the request: email is invalid'
          WHERE id = (SELECT min(id) FROM outbox)`,
      )
      .run();

    const [entry] = previewWriteBack(ctx, CONNECTION).candidates;
    expect(entry!.actions.map((action) => action.verb)).toEqual(['blocked', 'blocked']);
    expect(entry!.actions[0]!.detail).toMatch(
      /email is invalid.*Retry or discard it in the Outbox/,
    );
    expect(entry!.actions[1]!.summary).toMatch(/waits for write #\d+/);
  });
});
