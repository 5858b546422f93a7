import type {
  LeverFile,
  LeverNote,
  LeverOpportunity,
  LeverPosting,
  LeverTenant,
  LeverUser,
} from './model';

/** Turns the simulator's records into the JSON Lever sends (see docs/lever.md). */
export class LeverSerializer {
  constructor(
    private readonly tenant: LeverTenant,
    /** `<origin>/v1`, for download URLs. */
    private readonly apiBase: string,
  ) {}

  user(user: LeverUser): Record<string, unknown> {
    return { ...user };
  }

  posting(posting: LeverPosting): Record<string, unknown> {
    const site = 'https://jobs.lever.co/acme-robotics';
    return {
      id: posting.id,
      text: posting.text,
      createdAt: posting.createdAt,
      updatedAt: posting.updatedAt,
      user: posting.user,
      owner: posting.owner,
      hiringManager: posting.hiringManager,
      confidentiality: posting.confidentiality,
      categories: posting.categories,
      content: {
        description: `Join ${this.tenant.accountName} as a ${posting.text}.`,
        descriptionHtml: `<div>Join ${this.tenant.accountName} as a ${posting.text}.</div>`,
        lists: [],
        closing: '',
        closingHtml: '',
      },
      country: posting.country,
      followers: posting.followers,
      tags: posting.tags,
      state: posting.state,
      distributionChannels: posting.distributionChannels,
      reqCode: posting.requisitionCodes[0] ?? null,
      requisitionCodes: posting.requisitionCodes,
      salaryDescription: '',
      salaryDescriptionHtml: '',
      salaryRange: null,
      urls: {
        list: site,
        show: `${site}/${posting.id}`,
        apply: `${site}/${posting.id}/apply`,
      },
      workplaceType: posting.workplaceType,
      transcribeInterviews: false,
      screening: { enabled: false },
    };
  }

  /**
   * An opportunity: the person's fields come from its contact. `expand` inlines applications,
   * stage, owner, followers, sourcedBy or contact, as `expand=…` does.
   */
  opportunity(opportunity: LeverOpportunity, expand: ReadonlySet<string>): Record<string, unknown> {
    const contact = this.tenant.contacts.get(opportunity.contact);
    const userRef = (id: string | null) =>
      id ? (this.tenant.users.find((user) => user.id === id) ?? id) : id;
    const body: Record<string, unknown> = {
      id: opportunity.id,
      name: contact?.name ?? '',
      contact: expand.has('contact') && contact ? { ...contact } : opportunity.contact,
      headline: contact?.headline ?? '',
      stage: expand.has('stage')
        ? (this.tenant.stages.find((stage) => stage.id === opportunity.stage) ?? opportunity.stage)
        : opportunity.stage,
      confidentiality: opportunity.confidentiality,
      location: contact?.location ?? '',
      phones: contact?.phones ?? [],
      emails: contact?.emails ?? [],
      links: contact?.links ?? [],
      archived: opportunity.archived,
      tags: opportunity.tags,
      sources: opportunity.sources,
      stageChanges: opportunity.stageChanges,
      origin: opportunity.origin,
      sourcedBy: expand.has('sourcedBy') ? userRef(opportunity.sourcedBy) : opportunity.sourcedBy,
      owner: expand.has('owner') ? userRef(opportunity.owner) : opportunity.owner,
      followers: expand.has('followers')
        ? opportunity.followers.map((id) => userRef(id))
        : opportunity.followers,
      applications: opportunity.application
        ? [expand.has('applications') ? this.application(opportunity) : opportunity.application.id]
        : [],
      createdAt: opportunity.createdAt,
      updatedAt: opportunity.updatedAt,
      lastInteractionAt: opportunity.lastInteractionAt,
      lastAdvancedAt: opportunity.lastAdvancedAt,
      snoozedUntil: opportunity.snoozedUntil,
      urls: {
        list: `${this.tenant.webBase}/candidates`,
        show: `${this.tenant.webBase}/candidates/${opportunity.id}`,
      },
      isAnonymized: false,
      dataProtection: null,
    };
    if (opportunity.opportunityLocation) body.opportunityLocation = opportunity.opportunityLocation;
    return body;
  }

  application(opportunity: LeverOpportunity): Record<string, unknown> | null {
    const application = opportunity.application;
    if (!application) return null;
    const contact = this.tenant.contacts.get(opportunity.contact);
    const posting = this.tenant.postings.find((item) => item.id === application.posting);
    return {
      id: application.id,
      type: application.type,
      candidateId: opportunity.id,
      opportunityId: opportunity.id,
      posting: application.posting,
      postingHiringManager: posting?.hiringManager ?? null,
      postingOwner: posting?.owner ?? null,
      user: application.user,
      name: contact?.name ?? '',
      email: contact?.emails[0] ?? null,
      phone: contact?.phones[0] ?? null,
      company: contact?.headline ?? null,
      links: contact?.links ?? [],
      comments: null,
      customQuestions: [],
      createdAt: application.createdAt,
      archived: opportunity.archived,
      requisitionForHire: null,
    };
  }

  note(note: LeverNote, withNoteId = false): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: note.id,
      text: 'Note',
      fields: [
        {
          createdAt: note.createdAt,
          score: note.score,
          stage: note.stage,
          text: 'Comment',
          type: 'note',
          user: note.user,
          value: note.value,
        },
      ],
      user: note.user,
      secret: note.secret,
      completedAt: note.createdAt,
      deletedAt: null,
      createdAt: note.createdAt,
    };
    if (withNoteId) body.noteId = note.id;
    return body;
  }

  file(opportunityId: string, file: LeverFile, kind: 'files' | 'resumes'): Record<string, unknown> {
    const summary = {
      downloadUrl: `${this.apiBase}/opportunities/${opportunityId}/${kind}/${file.id}/download`,
      ext: file.ext,
      name: file.name,
      uploadedAt: file.uploadedAt,
      status: 'processed',
      size: file.size,
    };
    if (kind === 'files') return { id: file.id, ...summary };
    return {
      id: file.id,
      createdAt: file.uploadedAt,
      file: summary,
      parsedData: { positions: [], schools: [] },
    };
  }
}
