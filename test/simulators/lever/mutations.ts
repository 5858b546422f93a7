import crypto from 'node:crypto';
import {
  canonicalEmail,
  compareNewestFirst,
  type LeverContact,
  type LeverFile,
  type LeverNote,
  type LeverOpportunity,
  type LeverTenant,
} from './model';
import { postingTags } from './tenant';

/** A Lever error response: `{code, message}` with an HTTP status. */
export class LeverApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new LeverApiError(400, 'BadRequestError', message);
export const notFound = (message: string) => new LeverApiError(404, 'ResourceNotFound', message);

const ORIGINS = ['agency', 'applied', 'internal', 'referred', 'sourced', 'university'] as const;

export interface MutationRecord {
  seq: number;
  at: number;
  kind: string;
  opportunityId: string;
  performAs: string | null;
  detail: Record<string, unknown>;
}

export interface NewLead {
  name?: string;
  headline?: string;
  stage?: string;
  location?: string;
  phones?: Array<{ type?: string; value: string }>;
  emails?: string[];
  links?: string[];
  tags?: string[];
  sources?: string[];
  origin?: string;
  owner?: string;
  followers?: string[];
  postings?: string[];
  createdAt?: number;
  archived?: { reason?: string; archivedAt?: number };
  contact?: string;
  opportunityLocation?: string;
  resumeFile?: UploadedFile;
  files?: UploadedFile[];
}

export interface UploadedFile {
  name: string;
  content: Buffer;
}

/**
 * The account's write operations, as Lever applies them (see docs/lever.md). Routes and test
 * hooks both go through here, so a change made by a test looks exactly like one made in Lever.
 */
export class LeverMutations {
  private seq = 0;
  private changes = 0;
  readonly log: MutationRecord[] = [];

  constructor(
    private readonly tenant: LeverTenant,
    private readonly now: () => number,
  ) {}

  /** Grows with every change made through here (a page rendered before a change is stale). */
  get version(): number {
    return this.changes;
  }

  find(id: string): LeverOpportunity {
    const opportunity = this.tenant.opportunityById.get(id);
    if (!opportunity) throw notFound(`opportunities ${id} was not found`);
    return opportunity;
  }

  checkUser(id: string | undefined | null, parameter: string): string | null {
    if (id === undefined || id === null || id === '') return null;
    const user = this.tenant.users.find((candidate) => candidate.id === id);
    if (!user) throw badRequest(`${parameter}: users ${id} was not found`);
    if (user.deactivatedAt !== null) throw badRequest(`${parameter}: user ${id} is deactivated`);
    return id;
  }

  /** `POST /opportunities`: a new opportunity, linked to an existing person when an email matches. */
  createOpportunity(
    input: NewLead,
    performAs: string,
  ): { deduped: boolean; opportunity: LeverOpportunity } {
    const now = this.now();
    const postings = input.postings ?? [];
    if (postings.length > 1) {
      throw badRequest(
        'Only one posting can be applied to per request; send one request per posting',
      );
    }
    const posting = postings[0]
      ? this.tenant.postings.find((item) => item.id === postings[0])
      : undefined;
    if (postings[0] && !posting) throw badRequest(`postings ${postings[0]} was not found`);
    const stage = input.stage ?? 'lead-new';
    const stageIndex = this.stageIndex(stage);
    const origin = input.origin ?? 'sourced';
    if (!(ORIGINS as readonly string[]).includes(origin)) {
      throw badRequest(`origin must be one of ${ORIGINS.join(', ')}`);
    }
    if (
      input.createdAt !== undefined &&
      (!Number.isFinite(input.createdAt) || input.createdAt > now)
    ) {
      throw badRequest('createdAt must be a timestamp in the past');
    }
    const owner = this.checkUser(input.owner, 'owner') ?? performAs;
    const followers = (input.followers ?? []).map(
      (id) => this.checkUser(id, 'followers') as string,
    );
    const emails = (input.emails ?? []).map((email) => email.trim()).filter(Boolean);

    // Dedupe: an explicit contact, else the first email Lever already knows.
    let contact: LeverContact | undefined;
    if (input.contact) {
      contact = this.tenant.contacts.get(input.contact);
      if (!contact) throw badRequest(`contact ${input.contact} was not found`);
    } else {
      for (const email of emails) {
        const id = this.tenant.contactByEmail.get(canonicalEmail(email));
        if (id) {
          contact = this.tenant.contacts.get(id);
          break;
        }
      }
    }
    const deduped = contact !== undefined;
    if (contact) {
      // Existing contact data wins; new emails, phones and links are added to it.
      contact.name ||= input.name ?? '';
      contact.headline ||= input.headline ?? '';
      contact.location ||= input.location ?? '';
      const known = contact;
      contact.emails = unique([...contact.emails, ...emails]);
      contact.phones = [
        ...contact.phones,
        ...(input.phones ?? []).filter(
          (phone) => !known.phones.some((existing) => existing.value === phone.value),
        ),
      ];
      contact.links = unique([...contact.links, ...(input.links ?? [])]);
    } else {
      contact = {
        id: crypto.randomUUID(),
        name: input.name ?? '',
        headline: input.headline ?? '',
        location: input.location ?? '',
        emails,
        phones: input.phones ?? [],
        links: input.links ?? [],
      };
      this.tenant.contacts.set(contact.id, contact);
    }
    for (const email of contact.emails) {
      const key = canonicalEmail(email);
      if (!this.tenant.contactByEmail.has(key)) this.tenant.contactByEmail.set(key, contact.id);
    }

    const createdAt = input.createdAt ?? now;
    let archived: LeverOpportunity['archived'] = null;
    if (input.archived) {
      if (!input.archived.reason) throw badRequest('archived.reason is required');
      this.archiveReason(input.archived.reason);
      archived = { reason: input.archived.reason, archivedAt: input.archived.archivedAt ?? now };
    }
    const opportunity: LeverOpportunity = {
      id: crypto.randomUUID(),
      contact: contact.id,
      stage,
      confidentiality: posting?.confidentiality ?? 'non-confidential',
      archived,
      tags: unique([...(input.tags ?? []), ...(posting ? postingTags(posting) : [])]),
      sources: unique(input.sources ?? []),
      stageChanges: [
        { toStageId: stage, toStageIndex: stageIndex, updatedAt: createdAt, userId: performAs },
      ],
      origin: origin as LeverOpportunity['origin'],
      sourcedBy: performAs,
      owner,
      followers: unique([...followers, performAs]),
      application: posting
        ? {
            id: crypto.randomUUID(),
            type: origin === 'referred' ? 'referral' : 'user',
            posting: posting.id,
            user: performAs,
            createdAt,
          }
        : null,
      createdAt,
      updatedAt: now,
      lastInteractionAt: now,
      lastAdvancedAt: createdAt,
      snoozedUntil: null,
      opportunityLocation: input.opportunityLocation ?? null,
      notes: [],
      files: (input.files ?? []).map((file) => this.storedFile(file)),
      resumes: input.resumeFile ? [this.storedFile(input.resumeFile)] : [],
    };
    this.insert(opportunity);
    this.record('opportunity.create', opportunity.id, performAs, {
      deduped,
      posting: posting?.id ?? null,
      resume: Boolean(input.resumeFile),
    });
    return { deduped, opportunity };
  }

  changeStage(id: string, stage: unknown, performAs: string | null): LeverOpportunity {
    const opportunity = this.find(id);
    if (typeof stage !== 'string' || stage === '') throw badRequest('stage is required');
    const toStageIndex = this.stageIndex(stage);
    const now = this.now();
    opportunity.stage = stage;
    opportunity.stageChanges = [
      ...opportunity.stageChanges,
      { toStageId: stage, toStageIndex, updatedAt: now, userId: performAs },
    ];
    opportunity.lastAdvancedAt = now;
    this.touch(opportunity, now);
    this.record('opportunity.stage', id, performAs, { stage });
    return opportunity;
  }

  setArchived(id: string, reason: unknown, performAs: string | null): LeverOpportunity {
    const opportunity = this.find(id);
    if (reason !== null && typeof reason !== 'string') {
      throw badRequest('reason must be an archive reason id, or null to unarchive');
    }
    const now = this.now();
    if (reason === null) {
      opportunity.archived = null;
    } else {
      this.archiveReason(reason);
      opportunity.archived = { reason, archivedAt: now };
    }
    this.touch(opportunity, now);
    this.record('opportunity.archived', id, performAs, { reason });
    return opportunity;
  }

  addNote(
    id: string,
    body: { value?: unknown; secret?: unknown; score?: unknown; createdAt?: unknown },
    performAs: string | null,
  ): LeverNote {
    const opportunity = this.find(id);
    if (typeof body.value !== 'string' || body.value.trim() === '')
      throw badRequest('value is required');
    if (
      body.score !== undefined &&
      body.score !== null &&
      ![1, 2, 3, 4].includes(body.score as number)
    ) {
      throw badRequest('score must be 1, 2, 3 or 4');
    }
    const now = this.now();
    if (
      body.createdAt !== undefined &&
      (typeof body.createdAt !== 'number' || body.createdAt > now)
    ) {
      throw badRequest('createdAt must be a timestamp in the past');
    }
    const note: LeverNote = {
      id: crypto.randomUUID(),
      value: body.value,
      user: performAs,
      secret: body.secret === true,
      score: typeof body.score === 'number' ? body.score : null,
      stage: opportunity.stage,
      createdAt: typeof body.createdAt === 'number' ? body.createdAt : now,
      createdByApi: true,
    };
    opportunity.notes = [...opportunity.notes, note];
    this.touch(opportunity, now);
    this.record('note.create', id, performAs, { noteId: note.id, length: note.value.length });
    return note;
  }

  deleteNote(id: string, noteId: string): void {
    const opportunity = this.find(id);
    const index = opportunity.notes.findIndex((note) => note.id === noteId);
    if (index < 0) throw notFound(`notes ${noteId} was not found`);
    if (!opportunity.notes[index]?.createdByApi) {
      throw new LeverApiError(
        403,
        'ForbiddenError',
        'Only notes created through the API can be deleted',
      );
    }
    opportunity.notes = opportunity.notes.filter((note) => note.id !== noteId);
    this.touch(opportunity, this.now());
    this.record('note.delete', id, null, { noteId });
  }

  addFile(id: string, file: UploadedFile, performAs: string): LeverFile {
    const opportunity = this.find(id);
    const stored = this.storedFile(file);
    opportunity.files = [...opportunity.files, stored];
    this.touch(opportunity, this.now());
    this.record('file.create', id, performAs, {
      fileId: stored.id,
      name: file.name,
      size: file.content.length,
    });
    return stored;
  }

  deleteFile(id: string, fileId: string, performAs: string): void {
    const opportunity = this.find(id);
    const index = opportunity.files.findIndex((file) => file.id === fileId);
    if (index < 0) throw notFound(`files ${fileId} was not found`);
    opportunity.files = opportunity.files.filter((file) => file.id !== fileId);
    this.touch(opportunity, this.now());
    this.record('file.delete', id, performAs, { fileId });
  }

  /** `addTags`, `removeSources`, …: one of the opportunity's string lists. */
  editList(
    id: string,
    field: 'tags' | 'sources' | 'links',
    change: 'add' | 'remove',
    values: unknown,
    performAs: string | null,
  ): LeverOpportunity {
    const opportunity = this.find(id);
    if (!Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
      throw badRequest(`${field} must be an array of strings`);
    }
    const contact = this.tenant.contacts.get(opportunity.contact) as LeverContact;
    const current = field === 'links' ? contact.links : opportunity[field];
    const next =
      change === 'add'
        ? unique([...current, ...(values as string[])])
        : current.filter((value) => !(values as string[]).includes(value));
    if (field === 'links') contact.links = next;
    else opportunity[field] = next;
    this.touch(opportunity, this.now());
    this.record(`opportunity.${change}-${field}`, id, performAs, { values });
    return opportunity;
  }

  /** Removes an opportunity as a Lever user would; it then shows in `/opportunities/deleted`. */
  deleteOpportunity(id: string, deletedBy: string | null = null): void {
    const opportunity = this.find(id);
    this.tenant.opportunityById.delete(id);
    const index = this.indexOf(opportunity);
    this.tenant.opportunities.splice(index, 1);
    this.tenant.deletedOpportunities.push({ id, deletedAt: this.now(), deletedBy });
    this.record('opportunity.delete', id, deletedBy, {});
  }

  deletePosting(id: string, deletedBy: string | null = null): void {
    const index = this.tenant.postings.findIndex((posting) => posting.id === id);
    if (index < 0) throw notFound(`postings ${id} was not found`);
    this.tenant.postings.splice(index, 1);
    this.tenant.deletedPostings.push({ id, deletedAt: this.now(), deletedBy });
    this.changes += 1;
  }

  touch(opportunity: LeverOpportunity, now: number): void {
    opportunity.updatedAt = now;
    opportunity.lastInteractionAt = now;
    this.changes += 1;
  }

  private insert(opportunity: LeverOpportunity): void {
    this.tenant.opportunities.splice(this.indexOf(opportunity), 0, opportunity);
    this.tenant.opportunityById.set(opportunity.id, opportunity);
  }

  /** Where the opportunity is, or would go, in the newest-first list (binary search). */
  private indexOf(opportunity: LeverOpportunity): number {
    const list = this.tenant.opportunities;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareNewestFirst(list[middle] as LeverOpportunity, opportunity) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private stageIndex(stage: string): number {
    const index = this.tenant.stages.findIndex((candidate) => candidate.id === stage);
    if (index < 0) throw badRequest(`stages ${stage} was not found`);
    return index;
  }

  private archiveReason(id: string): void {
    if (!this.tenant.archiveReasons.some((reason) => reason.id === id)) {
      throw badRequest(`archive_reasons ${id} was not found`);
    }
  }

  private storedFile(file: UploadedFile): LeverFile {
    const dot = file.name.lastIndexOf('.');
    return {
      id: crypto.randomUUID(),
      name: file.name,
      ext: dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : '',
      size: file.content.length,
      uploadedAt: this.now(),
      content: file.content,
    };
  }

  private record(
    kind: string,
    opportunityId: string,
    performAs: string | null,
    detail: Record<string, unknown>,
  ): void {
    this.log.push({ seq: ++this.seq, at: this.now(), kind, opportunityId, performAs, detail });
    this.changes += 1;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
