import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type {
  AtsTarget,
  KulaToAtsTarget,
  AtsToKulaTarget,
  MappingChangeSource,
  MappingExport,
  MappingImportPreview,
  MappingSaveResult,
  MappingStatus,
  MappingTables,
  MappingView,
} from '../../../shared/domain/mapping';
import { diffMappings, type MappingChange } from '../../../shared/mapping/diff';
import { lintCounts, lintMapping, type LintIssue } from '../../../shared/mapping/lint';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { inTransaction, type DB } from '../db/database';
import { ConsoleError } from '../errors';
import { applyTables, summarizeChanges } from './apply';
import { loadCurrentMapping, requireConnection, type CurrentMapping } from './current';
import { mappingFileName, mappingFileText, parseMappingFile, toMappingFile } from './file-format';
import { mappingProfile, type MappingProfile } from './profiles';
import { getMappingState, type MappingStateRow } from './store';

/**
 * The mapping's operations as the editor (IPC) and the CLI use them. Every change is one
 * transaction, is checked against the revision the caller saw, lands in the audit trail, and
 * emits `db:changed` for `stage_mapping`.
 */

export function mappingStatus(
  profile: MappingProfile,
  state: MappingStateRow | undefined,
): MappingStatus {
  const held = profile.requiresConfirmation && !state?.confirmed_at;
  const ats = PROVIDER_LABELS[profile.provider];
  return {
    reviewedAt: state?.reviewed_at ?? null,
    reviewedBy: state?.reviewed_by ?? null,
    requiresConfirmation: profile.requiresConfirmation,
    confirmedAt: state?.confirmed_at ?? null,
    confirmedBy: state?.confirmed_by ?? null,
    writeBackAllowed: !held,
    writeBackHeldReason: held
      ? `Writes to ${ats} are on hold until an admin confirms the stage mapping (${ats} requires it before any write).`
      : null,
  };
}

/** For the write-back engine: may the console write to this connection's ATS at all? */
export function isWriteBackAllowed(
  db: DB,
  connectionId: string,
): { allowed: boolean; reason: string | null } {
  const connection = requireConnection(db, connectionId);
  const status = mappingStatus(
    mappingProfile(connection.provider),
    getMappingState(db, connectionId),
  );
  return { allowed: status.writeBackAllowed, reason: status.writeBackHeldReason };
}

function toView(current: CurrentMapping): MappingView {
  return {
    connection: {
      id: current.connection.id,
      provider: current.connection.provider,
      label: current.connection.label,
    },
    kulaStages: current.kulaStages,
    catalog: current.catalog,
    inForce: current.stored.tables,
    defaults: current.defaults,
    rowMeta: current.stored.rowMeta,
    revision: current.stored.state?.revision ?? 0,
    status: mappingStatus(current.profile, current.stored.state),
  };
}

export function getMappingView(ctx: CoreContext, connectionId: string): MappingView {
  const before = getMappingState(ctx.db, connectionId)?.revision;
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  if (current.stored.state?.revision !== before) ctx.events.changed('stage_mapping');
  return toView(current);
}

export function lintCurrent(current: CurrentMapping): LintIssue[] {
  return lintMapping({
    kulaStages: current.kulaStages,
    catalog: current.catalog,
    draft: current.stored.tables,
    inForce: current.stored.tables,
    rowMeta: current.stored.rowMeta,
  });
}

function requireReady(current: CurrentMapping): void {
  if (!current.ready) {
    const ats = PROVIDER_LABELS[current.connection.provider];
    throw new ConsoleError(
      'CONFLICT',
      `No ${ats} stages have been imported for "${current.connection.label}" yet, so there is nothing to map.`,
      'Run a sync first; the mapping appears with working defaults once the stages are in.',
    );
  }
}

function requireRevision(current: CurrentMapping, baseRevision: number): void {
  const revision = current.stored.state?.revision ?? 0;
  if (revision !== baseRevision) {
    throw new ConsoleError(
      'CONFLICT',
      'The mapping changed while you were editing it (another window, the command line, or a sync that found new ATS stages).',
      'Reload it: your edits are kept and applied over the latest version, then review and save again.',
    );
  }
}

function refuseConfirmWithErrors(current: CurrentMapping, issues: LintIssue[]): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    const ats = PROVIDER_LABELS[current.connection.provider];
    throw new ConsoleError(
      'CONFLICT',
      `The mapping has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]?.message}) so it cannot be confirmed; writes to ${ats} stay on hold.`,
      'Fix the errors the lint lists, then confirm again.',
    );
  }
}

const AUDIT_ACTIONS: Record<MappingChangeSource | 'cli', string> = {
  editor: 'mapping.save',
  reset: 'mapping.reset',
  import: 'mapping.import',
  cli: 'mapping.set',
};

interface SaveInput {
  connectionId: string;
  tables: MappingTables;
  /** The revision the tables were based on; null to apply over whatever is current (CLI). */
  baseRevision: number | null;
  source: MappingChangeSource | 'cli';
  /** Also confirm the mapping (Lever: allows writes). Refused while the lint has errors. */
  confirm?: boolean;
  /** Only the given rows change (CLI `mappings set`); otherwise the whole mapping is reviewed. */
  partial?: boolean;
  /** e.g. the imported file's name, for the audit trail. */
  note?: string;
}

export function saveMapping(ctx: CoreContext, input: SaveInput): MappingSaveResult {
  const now = isoNow(ctx.clock);
  const result = inTransaction(ctx.db, () => {
    const current = loadCurrentMapping(ctx.db, input.connectionId, now);
    requireReady(current);
    if (input.baseRevision !== null) requireRevision(current, input.baseRevision);
    if (input.confirm) {
      refuseConfirmWithErrors(
        current,
        lintMapping({
          kulaStages: current.kulaStages,
          catalog: current.catalog,
          draft: input.tables,
        }),
      );
    }
    const changes = applyTables(ctx.db, current, input.tables, {
      source: input.source,
      actor: ctx.actor,
      now,
      wholeMapping: !input.partial,
      ...(input.confirm ? { confirmedBy: ctx.actor } : {}),
    });
    return { current, changes, state: getMappingState(ctx.db, input.connectionId) };
  });
  const label = result.current.connection.label;
  ctx.audit(
    AUDIT_ACTIONS[input.source],
    input.connectionId,
    `${label}${input.note ? ` (${input.note})` : ''}: ${summarizeChanges(result.changes)}`,
  );
  if (input.confirm) {
    ctx.audit(
      'mapping.confirm',
      input.connectionId,
      `${label}: mapping confirmed; writes allowed.`,
    );
  }
  ctx.events.changed('stage_mapping');
  return {
    revision: result.state?.revision ?? 0,
    changes: result.changes.length,
    status: mappingStatus(result.current.profile, result.state),
  };
}

/** Replaces the whole mapping with the defaults for the ATS's current stages. */
export function resetMapping(ctx: CoreContext, connectionId: string): MappingSaveResult {
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  requireReady(current);
  return saveMapping(ctx, {
    connectionId,
    tables: current.defaults,
    baseRevision: current.stored.state?.revision ?? 0,
    source: 'reset',
  });
}

export function confirmMapping(ctx: CoreContext, connectionId: string): MappingStatus {
  const now = isoNow(ctx.clock);
  const current = loadCurrentMapping(ctx.db, connectionId, now);
  requireReady(current);
  return saveMapping(ctx, {
    connectionId,
    tables: current.stored.tables,
    baseRevision: current.stored.state?.revision ?? 0,
    source: 'editor',
    confirm: true,
    note: 'confirmed as it stands',
  }).status;
}

export interface SetRowInput {
  connectionId: string;
  direction: 'ats-to-kula' | 'kula-to-ats';
  /** ATS stage (ref, id or name) for ats-to-kula; Kula stage (id or name) for kula-to-ats. */
  from: string;
  /** Kula stage or `unchanged`; ATS stage or `none`. */
  to: string;
  /** Interview plan (id or name) for a per-plan override. */
  plan?: string | undefined;
  /** Archive reason (id or name) for moves that archive. */
  archiveReason?: string | undefined;
}

/** One row, set from the command line (names or ids accepted). */
export function setMappingRow(
  ctx: CoreContext,
  input: SetRowInput,
): { changes: MappingChange[]; issues: LintIssue[] } {
  const current = loadCurrentMapping(ctx.db, input.connectionId, isoNow(ctx.clock));
  requireReady(current);
  const tables = {
    atsToKula: [] as MappingTables['atsToKula'],
    kulaToAts: [] as MappingTables['kulaToAts'],
  };
  const ats = PROVIDER_LABELS[current.connection.provider];
  if (input.direction === 'ats-to-kula') {
    if (input.plan || input.archiveReason) {
      throw new ConsoleError(
        'BAD_INPUT',
        '--plan and --archive-reason apply to --direction kula-to-ats only.',
        'Remove them, or set the Kula → ATS direction.',
      );
    }
    const source = pick(
      current.catalog.sources.filter((candidate) => candidate.exists),
      input.from,
      (candidate) => [
        candidate.ref,
        candidate.ref.replace(/^(stage|reason):/, ''),
        candidate.label,
      ],
      `${ats} stage or archive reason`,
    );
    const target: AtsToKulaTarget = isWord(input.to, ['unchanged', 'leave unchanged'])
      ? { kind: 'unchanged' }
      : { kind: 'stage', kulaStageId: kulaStage(current, input.to) };
    tables.atsToKula.push({ atsRef: source.ref, target });
  } else {
    const kulaStageId = kulaStage(current, input.from);
    const planId = input.plan
      ? pick(
          current.catalog.plans.filter((plan) => plan.key !== ''),
          input.plan,
          (plan) => [plan.key, plan.title],
          'interview plan',
        ).key
      : null;
    let target: KulaToAtsTarget;
    if (isWord(input.to, ['none', "don't move", 'dont move'])) {
      if (input.archiveReason)
        throw new ConsoleError(
          'BAD_INPUT',
          '--archive-reason needs a target that archives.',
          'Remove it.',
        );
      target = { kind: 'none' };
    } else {
      // For a plan override, that plan's own stage first; then the options every plan shares.
      const keys = (candidate: AtsTarget) => [
        candidate.ref,
        candidate.ref.replace(/^stage:/, ''),
        candidate.label,
      ];
      const own = current.catalog.targets.filter(
        (candidate) => planId !== null && candidate.planId === planId,
      );
      const shared = current.catalog.targets.filter((candidate) => candidate.planId === null);
      const option = findOne(own, input.to, keys) ?? pick(shared, input.to, keys, `${ats} stage`);
      const reason = input.archiveReason
        ? pick(
            current.catalog.archiveReasons,
            input.archiveReason,
            (candidate) => [candidate.id, candidate.title],
            'archive reason',
          ).id
        : null;
      target = { kind: 'move', atsRef: option.ref, archiveReasonId: reason };
    }
    tables.kulaToAts.push({ kulaStageId, planId, target });
  }
  saveMapping(ctx, {
    connectionId: input.connectionId,
    tables,
    baseRevision: null,
    source: 'cli',
    partial: true,
  });
  const after = loadCurrentMapping(ctx.db, input.connectionId, isoNow(ctx.clock));
  return {
    changes: diffMappings(current, current.stored.tables, after.stored.tables),
    issues: lintCurrent(after),
  };
}

function isWord(value: string, words: string[]): boolean {
  return words.includes(value.trim().toLowerCase());
}

function kulaStage(current: CurrentMapping, idOrName: string): string {
  return pick(current.kulaStages, idOrName, (stage) => [stage.id, stage.name], 'Kula stage').id;
}

function findOne<T>(options: T[], wanted: string, keys: (option: T) => string[]): T | undefined {
  const exact = options.filter((option) => keys(option).includes(wanted));
  if (exact.length === 1) return exact[0];
  const lower = wanted.trim().toLowerCase();
  const loose = options.filter((option) => keys(option).some((key) => key.toLowerCase() === lower));
  return loose.length === 1 ? loose[0] : undefined;
}

/** Exact key first, then a unique case-insensitive match; otherwise a clear NOT_FOUND. */
function pick<T>(options: T[], wanted: string, keys: (option: T) => string[], what: string): T {
  const found = findOne(options, wanted, keys);
  if (found) return found;
  const lower = wanted.trim().toLowerCase();
  const loose = options.filter((option) => keys(option).some((key) => key.toLowerCase() === lower));
  throw new ConsoleError(
    'NOT_FOUND',
    loose.length > 1
      ? `"${wanted}" matches ${loose.length} of this connection's ${what}s.`
      : `There is no ${what} "${wanted}" in this connection.`,
    'Run `mappings show` to see the names and ids you can use.',
  );
}

export function exportMapping(ctx: CoreContext, connectionId: string): MappingExport {
  const now = isoNow(ctx.clock);
  const current = loadCurrentMapping(ctx.db, connectionId, now);
  requireReady(current);
  const file = toMappingFile(current, { exportedAt: now, exportedBy: ctx.actor });
  return { fileName: mappingFileName(current, now), text: mappingFileText(file) };
}

/** Validates a mapping file against this connection without changing anything. */
export function previewMappingImport(
  ctx: CoreContext,
  connectionId: string,
  text: string,
): MappingImportPreview & { baseRevision: number } {
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  requireReady(current);
  const parsed = parseMappingFile(current, text);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new ConsoleError(
      'BAD_INPUT',
      `The mapping file was refused and nothing was changed: ${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}${first ? ` (first: ${first.path ? `${first.path}: ` : ''}${first.message})` : ''}.`,
      'Fix the rows listed, or export a fresh file from the source workspace, then import again.',
      parsed.issues,
    );
  }
  const merged = mergeOver(current.stored.tables, parsed.tables);
  return {
    tables: merged,
    notes: parsed.notes,
    changes: diffMappings(current, current.stored.tables, merged).length,
    baseRevision: current.stored.state?.revision ?? 0,
  };
}

/** Imports and applies a mapping file (the CLI; the editor previews, then saves). */
export function importMapping(
  ctx: CoreContext,
  connectionId: string,
  text: string,
  fileName: string,
): MappingSaveResult & { notes: string[] } {
  const preview = previewMappingImport(ctx, connectionId, text);
  const saved = saveMapping(ctx, {
    connectionId,
    tables: preview.tables,
    baseRevision: preview.baseRevision,
    source: 'import',
    note: `from ${fileName}`,
  });
  return { ...saved, notes: preview.notes };
}

/** The file's rows over the mapping in force: rows the file leaves out keep their value. */
function mergeOver(inForce: MappingTables, file: MappingTables): MappingTables {
  const fileSources = new Set(file.atsToKula.map((row) => row.atsRef));
  const fileRules = new Set(
    file.kulaToAts.filter((row) => row.planId === null).map((row) => row.kulaStageId),
  );
  return {
    atsToKula: [
      ...inForce.atsToKula.filter((row) => !fileSources.has(row.atsRef)),
      ...file.atsToKula,
    ],
    kulaToAts: [
      ...inForce.kulaToAts.filter((row) => row.planId === null && !fileRules.has(row.kulaStageId)),
      ...file.kulaToAts,
    ],
  };
}

export { lintCounts };
