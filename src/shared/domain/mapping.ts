import type { ProviderKind } from './connections';

/**
 * Stage mapping: Kula's own pipeline, and per connection two tables that say where a candidate
 * lands when their stage changes on the other side.
 *
 * ATS stages are referred to by *refs*, strings the core builds from the cache (the provider's
 * mapping profile decides which refs exist):
 * - `stage:<id>`         one concrete ATS stage (Lever's stages; an Ashby per-plan override)
 * - `group:<type>/<title>` every Ashby stage of that type and title, in whichever plan
 * - `first:<type>`       the first Ashby stage of that type in the application's plan
 * - `reason:<id>`        (ATS → Kula only) an archived application with this archive reason
 * - `archive:<kind>`     (Kula → ATS only, Lever) archive the opportunity; the reason is chosen
 */

/** The meaning of a stage of Kula's default set, kept through renames so defaults still find it. */
export const KULA_STAGE_ROLES = [
  'new',
  'contacted',
  'replied',
  'interested',
  'not_interested',
  'interviewing',
  'offer',
  'hired',
  'rejected',
] as const;
export type KulaStageRole = (typeof KULA_STAGE_ROLES)[number];

export interface KulaStage {
  /** Stable id (a slug fixed at creation); renames keep it. */
  id: string;
  name: string;
  /** Which default stage this is; null for stages the admin added. */
  role: KulaStageRole | null;
  position: number;
  /** Kula records in this stage (candidates, queued moves); a stage in use cannot be removed. */
  inUse: number;
}

/** ATS → Kula: move the Kula candidate to this stage, or leave them where they are. */
export type AtsToKulaTarget = { kind: 'stage'; kulaStageId: string } | { kind: 'unchanged' };

/** Kula → ATS: move the ATS application (with an archive reason where needed), or don't move. */
export type KulaToAtsTarget =
  { kind: 'move'; atsRef: string; archiveReasonId: string | null } | { kind: 'none' };

export interface AtsToKulaRow {
  atsRef: string;
  /** null: not mapped yet (treated as "leave unchanged", and flagged). */
  target: AtsToKulaTarget | null;
}

export interface KulaToAtsRow {
  kulaStageId: string;
  /** null: the rule for every interview plan; a plan id: an override for that plan only. */
  planId: string | null;
  /** null: not mapped yet (treated as "don't move", and flagged). */
  target: KulaToAtsTarget | null;
}

/** What the admin edits, saves, exports and imports. */
export interface MappingTables {
  atsToKula: AtsToKulaRow[];
  kulaToAts: KulaToAtsRow[];
}

export interface RowMeta {
  /** `default`: computed by the console; `admin`: chosen by a person (never recomputed). */
  origin: 'default' | 'admin';
  /** A stage that appeared (or a target that changed) since the admin last reviewed the mapping. */
  needsReview: boolean;
  updatedAt: string;
}

/** A row of the ATS → Kula table: something an ATS application can be in. */
export interface AtsSource {
  ref: string;
  label: string;
  kind: 'stage' | 'reason';
  /** The ATS's section or type, for grouping ("Lead", "Active", "Interview", "Archive reason"). */
  group: string;
  /** e.g. "in 3 of 4 interview plans", "inactive", "hired". */
  detail: string | null;
  /** False for a row kept from a stage the ATS no longer has (dropped at the next save). */
  exists: boolean;
}

/** Where a Kula → ATS target lands in one interview plan (key '' for a single global pipeline). */
export interface TargetResolution {
  /** The concrete ATS stage the application moves to; null when only the archive state changes. */
  stageId: string | null;
  stageTitle: string | null;
  /** The ATS → Kula row the landed-on stage is read back through (for round-trip checks). */
  sourceRef: string | null;
}

/** An option of the Kula → ATS table. */
export interface AtsTarget {
  ref: string;
  label: string;
  group: string;
  detail: string | null;
  /** Only offered as a per-plan override of this plan. */
  planId: string | null;
  /** Whether the move archives the application (rejection or, for Lever, hire). */
  archives: boolean;
  /** Whether the move needs an archive reason, or must not carry one. */
  archiveReason: 'required' | 'forbidden';
  /** Archive reason types allowed (e.g. Lever `hired` for hires); null: any. */
  reasonTypes: string[] | null;
  /** By plan key: where this target lands; a missing key means the plan has no such stage. */
  resolution: Record<string, TargetResolution>;
}

export interface ArchiveReasonInfo {
  id: string;
  title: string;
  reasonType: string | null;
  archived: boolean;
}

export interface AtsPlanInfo {
  /** '' for a single global pipeline (Lever). */
  key: string;
  title: string;
  archived: boolean;
  /** Jobs whose applications use this plan. */
  jobs: Array<{ id: string; title: string; isOpen: boolean }>;
}

export interface AtsCatalog {
  provider: ProviderKind;
  sources: AtsSource[];
  targets: AtsTarget[];
  /** The pipelines applications can be in: one per Ashby interview plan, one '' for Lever. */
  plans: AtsPlanInfo[];
  /** Whether Kula → ATS rules can be overridden per interview plan. */
  perPlanOverrides: boolean;
  /** Whether an archived application whose reason row is not mapped falls back to its stage row. */
  archivedUsesStageRow: boolean;
  archiveReasons: ArchiveReasonInfo[];
  /** Names of ATS stages the mapping still refers to but the ATS no longer has, by ref. */
  formerLabels: Record<string, string>;
  /** When the ATS data in the cache was last refreshed by a sync; null if never. */
  refreshedAt: string | null;
}

export interface MappingStatus {
  /** The last time a person changed the mapping (set, saved, imported, reset or confirmed it). */
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** The ATS requires a confirmed mapping before the console writes to it (Lever). */
  requiresConfirmation: boolean;
  confirmedAt: string | null;
  confirmedBy: string | null;
  writeBackAllowed: boolean;
  /** Why write-back is held, when it is. */
  writeBackHeldReason: string | null;
}

export interface MappingView {
  connection: { id: string; provider: ProviderKind; label: string };
  kulaStages: KulaStage[];
  catalog: AtsCatalog;
  /** The mapping the next sync applies. */
  inForce: MappingTables;
  /** What "Reset to defaults" gives for the current ATS stages. */
  defaults: MappingTables;
  /** By row key (`rowKey` in shared/mapping/keys.ts). */
  rowMeta: Record<string, RowMeta>;
  /** Bumped on every change; a save based on an older revision is refused. */
  revision: number;
  status: MappingStatus;
}

export type MappingChangeSource = 'editor' | 'reset' | 'import';

export interface MappingSaveResult {
  revision: number;
  changes: number;
  status: MappingStatus;
}

export interface MappingExport {
  fileName: string;
  text: string;
}

export interface MappingImportPreview {
  tables: MappingTables;
  /** Worth knowing before saving: rows matched by name because the id differed, rows not in the file. */
  notes: string[];
  /** Rows that differ from the mapping in force. */
  changes: number;
  /** The revision the preview was made against; save the tables with it. */
  baseRevision: number;
  /** Row keys the file flags "needs review"; saving the import with them keeps the flags. */
  needsReview: string[];
}
