import { z } from 'zod';
import { PROVIDERS, PROVIDER_LABELS } from '../../../shared/domain/connections';
import type {
  AtsToKulaTarget,
  KulaToAtsRow,
  KulaToAtsTarget,
  MappingTables,
} from '../../../shared/domain/mapping';
import type { InputIssue } from '../../../shared/ipc/result';
import { atsToKulaKey, kulaToAtsKey } from '../../../shared/mapping/tables';
import { findKulaStage } from './kula-stages';
import type { CurrentMapping } from './current';

/**
 * The stage-mapping file: a versioned, reviewable JSON document (one row per line of each table),
 * so an ops team can review a mapping in a pull request or copy it to another workspace. Each
 * reference carries the id *and* the name; on import ids are matched first, then names, so a
 * file made for one ATS account applies to another whose custom stages have other ids.
 */
export const MAPPING_FILE_FORMAT = 'kula-ats-console/stage-mapping';
export const MAPPING_FILE_VERSION = 1;
/** A mapping file is a few kilobytes; anything near this is not one. */
export const MAPPING_FILE_MAX_CHARS = 2_000_000;

const Text = z.string().max(500);
const Named = z.object({ id: Text.min(1), name: Text }).strict();
const AtsRef = z
  .object({ ref: Text.min(1), name: Text, group: Text.nullable().optional() })
  .strict();

/**
 * A row the ATS added (or changed) since a person last reviewed the mapping. Optional, so files
 * written before rows carried it still import (their rows count as reviewed).
 */
const NeedsReview = z.boolean().optional();

const AtsToKulaEntry = z
  .object({
    ats: AtsRef,
    kula: z.union([Named, z.literal('unchanged'), z.null()]),
    needsReview: NeedsReview,
  })
  .strict();

const KulaToAtsEntry = z
  .object({
    kula: Named,
    plan: Named.nullable(),
    ats: z.union([AtsRef, z.literal('none'), z.null()]),
    archiveReason: Named.nullable(),
    needsReview: NeedsReview,
  })
  .strict();

export const MappingFileSchema = z
  .object({
    format: z.literal(MAPPING_FILE_FORMAT, {
      error: 'This is not a Kula ATS Console stage-mapping file.',
    }),
    version: z.literal(MAPPING_FILE_VERSION, {
      error: `Only version ${MAPPING_FILE_VERSION} of the stage-mapping file is understood; this file may come from a newer console.`,
    }),
    provider: z.enum(PROVIDERS),
    connection: z.object({ id: Text, label: Text }).strict(),
    exportedAt: Text,
    exportedBy: Text,
    /** For readers of the file; not applied on import (Kula stages are edited separately). */
    kulaStages: z.array(Named).max(500),
    atsToKula: z.array(AtsToKulaEntry).max(5000),
    kulaToAts: z.array(KulaToAtsEntry).max(5000),
  })
  .strict();

export type MappingFile = z.infer<typeof MappingFileSchema>;

export function toMappingFile(
  current: CurrentMapping,
  meta: { exportedAt: string; exportedBy: string },
): MappingFile {
  const { catalog, kulaStages, stored } = current;
  const kula = (id: string) => ({
    id,
    name: kulaStages.find((stage) => stage.id === id)?.name ?? id,
  });
  const sources = catalog.sources.filter((source) => source.exists);
  const a2k = new Map(stored.tables.atsToKula.map((row) => [row.atsRef, row.target]));
  const targets = new Map(catalog.targets.map((target) => [target.ref, target]));
  const plans = new Map(catalog.plans.map((plan) => [plan.key, plan.title]));
  const reasons = new Map(catalog.archiveReasons.map((reason) => [reason.id, reason.title]));
  const order = new Map(kulaStages.map((stage, index) => [stage.id, index]));
  const flagged = (key: string) => stored.rowMeta[key]?.needsReview ?? false;
  const kulaRows = [...stored.tables.kulaToAts].sort(
    (a, b) =>
      (order.get(a.kulaStageId) ?? 0) - (order.get(b.kulaStageId) ?? 0) ||
      (a.planId === null ? -1 : b.planId === null ? 1 : 0) ||
      (plans.get(a.planId ?? '') ?? '').localeCompare(plans.get(b.planId ?? '') ?? ''),
  );
  return {
    format: MAPPING_FILE_FORMAT,
    version: MAPPING_FILE_VERSION,
    provider: current.connection.provider,
    connection: { id: current.connection.id, label: current.connection.label },
    exportedAt: meta.exportedAt,
    exportedBy: meta.exportedBy,
    kulaStages: kulaStages.map((stage) => ({ id: stage.id, name: stage.name })),
    atsToKula: sources.map((source) => {
      const target = a2k.get(source.ref) ?? null;
      return {
        ats: { ref: source.ref, name: source.label, group: source.group },
        kula: !target ? null : target.kind === 'unchanged' ? 'unchanged' : kula(target.kulaStageId),
        needsReview: flagged(atsToKulaKey(source.ref)),
      };
    }),
    kulaToAts: kulaRows.map((row) => {
      const move = row.target?.kind === 'move' ? row.target : null;
      const target = move ? targets.get(move.atsRef) : undefined;
      return {
        kula: kula(row.kulaStageId),
        plan: row.planId ? { id: row.planId, name: plans.get(row.planId) ?? row.planId } : null,
        ats: !row.target
          ? null
          : row.target.kind === 'none'
            ? 'none'
            : {
                ref: row.target.atsRef,
                name: target?.label ?? catalog.formerLabels[row.target.atsRef] ?? row.target.atsRef,
                group: target?.group ?? null,
              },
        archiveReason: move?.archiveReasonId
          ? {
              id: move.archiveReasonId,
              name: reasons.get(move.archiveReasonId) ?? move.archiveReasonId,
            }
          : null,
        needsReview: flagged(kulaToAtsKey(row.kulaStageId, row.planId)),
      };
    }),
  };
}

export function mappingFileText(file: MappingFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function mappingFileName(current: CurrentMapping, date: string): string {
  const label = current.connection.label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `stage-mapping-${current.connection.provider}-${label || current.connection.id}-${date.slice(0, 10)}.json`;
}

export type ParsedMappingFile =
  | {
      ok: true;
      tables: MappingTables;
      notes: string[];
      /** Row keys the file flags "needs review". */
      needsReview: string[];
    }
  | { ok: false; issues: InputIssue[] };

/**
 * Reads a mapping file against this connection: every row must match a Kula stage, an ATS stage
 * or option, a plan and an archive reason that exist here (by id, then by name). Any problem
 * refuses the whole file with one message per row; nothing is applied.
 */
export function parseMappingFile(current: CurrentMapping, text: string): ParsedMappingFile {
  if (text.length > MAPPING_FILE_MAX_CHARS) {
    return fail('', `The file is too large to be a stage mapping (${text.length} characters).`);
  }
  let json: unknown;
  try {
    // Some editors start a UTF-8 file with a byte order mark, which JSON does not allow.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(
      '',
      `The file is not valid JSON: ${error instanceof Error ? error.message : 'unreadable'}.`,
    );
  }
  const parsed = MappingFileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.slice(0, 50).map((issue) => ({
        path: formatPath(issue.path),
        message: issue.message,
      })),
    };
  }
  const file = parsed.data;
  const ats = PROVIDER_LABELS[current.connection.provider];
  if (file.provider !== current.connection.provider) {
    return fail(
      'provider',
      `This file holds a mapping for ${PROVIDER_LABELS[file.provider]}, but "${current.connection.label}" is connected to ${ats}.`,
    );
  }
  const issues: InputIssue[] = [];
  const notes: string[] = [];
  const byName = (path: string, what: string, name: string) =>
    notes.push(`${path}: ${what} "${name}" matched by name (its id differs here).`);

  const kulaStage = (path: string, ref: { id: string; name: string }) => {
    const byId = current.kulaStages.find((stage) => stage.id === ref.id);
    if (byId) return byId.id;
    const found = findKulaStage(current.kulaStages, ref.name);
    if (found) {
      byName(path, 'Kula stage', ref.name);
      return found.id;
    }
    issues.push({
      path,
      message: `There is no Kula stage with id "${ref.id}" or name "${ref.name}". Add it under Kula pipeline first, or change the file.`,
    });
    return null;
  };

  const sources = current.catalog.sources.filter((source) => source.exists);
  const atsToKula: MappingTables['atsToKula'] = [];
  const needsReview: string[] = [];
  const seenSources = new Map<string, string>();
  file.atsToKula.forEach((entry, index) => {
    const path = `atsToKula[${index}]`;
    const source = matchByRefThenName(sources, entry.ats, (found) => found.label);
    if (source.kind === 'missing' || source.kind === 'ambiguous') {
      issues.push({
        path: `${path}.ats`,
        message:
          source.kind === 'missing'
            ? `${ats} has no stage or archive reason "${entry.ats.name}" (${entry.ats.ref}) in this connection.`
            : `"${entry.ats.name}" matches ${source.count} ${ats} stages here; the file's id (${entry.ats.ref}) matches none.`,
      });
      return;
    }
    if (source.kind === 'name') byName(`${path}.ats`, `${ats} stage`, entry.ats.name);
    const previous = seenSources.get(source.value.ref);
    if (previous) {
      issues.push({
        path: `${path}.ats`,
        message: `"${entry.ats.name}" is already mapped by ${previous}.`,
      });
      return;
    }
    seenSources.set(source.value.ref, path);
    let target: AtsToKulaTarget | null = null;
    if (entry.kula === 'unchanged') target = { kind: 'unchanged' };
    else if (entry.kula) {
      const id = kulaStage(`${path}.kula`, entry.kula);
      if (id === null) return;
      target = { kind: 'stage', kulaStageId: id };
    }
    atsToKula.push({ atsRef: source.value.ref, target });
    if (entry.needsReview) needsReview.push(atsToKulaKey(source.value.ref));
  });
  const missing = sources.filter((source) => !seenSources.has(source.ref));
  if (missing.length > 0) {
    notes.push(
      `${missing.length} ${ats} stage${missing.length === 1 ? ' is' : 's are'} not in the file and keep${missing.length === 1 ? 's' : ''} the current mapping: ${missing
        .slice(0, 5)
        .map((source) => `"${source.label}"`)
        .join(', ')}${missing.length > 5 ? ', …' : ''}.`,
    );
  }

  const plans = current.catalog.plans.filter((plan) => plan.key !== '');
  const kulaToAts: KulaToAtsRow[] = [];
  const seenRows = new Map<string, string>();
  file.kulaToAts.forEach((entry, index) => {
    const path = `kulaToAts[${index}]`;
    const kulaStageId = kulaStage(`${path}.kula`, entry.kula);
    let planId: string | null = null;
    if (entry.plan) {
      const plan = current.catalog.perPlanOverrides
        ? matchByRefThenName(
            plans.map((candidate) => ({ ...candidate, ref: candidate.key })),
            { ref: entry.plan.id, name: entry.plan.name },
            (found) => found.title,
          )
        : ({ kind: 'missing' } as const);
      if (plan.kind === 'missing' || plan.kind === 'ambiguous') {
        issues.push({
          path: `${path}.plan`,
          message: current.catalog.perPlanOverrides
            ? `${ats} has no interview plan "${entry.plan.name}" (${entry.plan.id}) in this connection.`
            : `${ats} has no interview plans; remove the plan override for "${entry.kula.name}".`,
        });
        return;
      }
      if (plan.kind === 'name') byName(`${path}.plan`, 'interview plan', entry.plan.name);
      planId = plan.value.key;
    }
    if (kulaStageId === null) return;
    const rowKey = `${kulaStageId}|${planId ?? ''}`;
    const previous = seenRows.get(rowKey);
    if (previous) {
      issues.push({ path, message: `"${entry.kula.name}" is already mapped by ${previous}.` });
      return;
    }
    seenRows.set(rowKey, path);
    let target: KulaToAtsTarget | null = null;
    if (entry.ats === 'none') target = { kind: 'none' };
    else if (entry.ats) {
      const options = current.catalog.targets.filter(
        (candidate) => candidate.planId === null || candidate.planId === planId,
      );
      const match = matchByRefThenName(options, entry.ats, (found) => found.label);
      if (match.kind === 'missing' || match.kind === 'ambiguous') {
        issues.push({
          path: `${path}.ats`,
          message:
            match.kind === 'missing'
              ? `${ats} has no stage "${entry.ats.name}" (${entry.ats.ref})${planId ? ' in that plan' : ''} in this connection.`
              : `"${entry.ats.name}" matches ${match.count} ${ats} stages here; the file's id (${entry.ats.ref}) matches none.`,
        });
        return;
      }
      if (match.kind === 'name') byName(`${path}.ats`, `${ats} stage`, entry.ats.name);
      const reasonId = entry.archiveReason
        ? matchReason(`${path}.archiveReason`, entry.archiveReason)
        : null;
      if (reasonId === undefined) return;
      target = { kind: 'move', atsRef: match.value.ref, archiveReasonId: reasonId };
    }
    kulaToAts.push({ kulaStageId, planId, target });
    if (entry.needsReview) needsReview.push(kulaToAtsKey(kulaStageId, planId));
  });

  function matchReason(path: string, ref: { id: string; name: string }): string | null | undefined {
    const reasons = current.catalog.archiveReasons;
    const byId = reasons.find((reason) => reason.id === ref.id);
    if (byId) return byId.id;
    const named = reasons.filter((reason) => reason.title.toLowerCase() === ref.name.toLowerCase());
    if (named.length === 1 && named[0]) {
      byName(path, 'archive reason', ref.name);
      return named[0].id;
    }
    issues.push({
      path,
      message:
        named.length > 1
          ? `"${ref.name}" matches ${named.length} archive reasons here; the file's id matches none.`
          : `${ats} has no archive reason "${ref.name}" (${ref.id}) in this connection.`,
    });
    return undefined;
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, tables: { atsToKula, kulaToAts }, notes, needsReview };
}

type Match<T> =
  | { kind: 'ref'; value: T }
  | { kind: 'name'; value: T }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; count: number };

/** Exact ref first; then a unique case-insensitive name match, preferring the same group. */
function matchByRefThenName<T extends { ref: string; group?: string | null }>(
  options: T[],
  wanted: { ref: string; name: string; group?: string | null | undefined },
  nameOf: (option: T) => string,
): Match<T> {
  const exact = options.find((option) => option.ref === wanted.ref);
  if (exact) return { kind: 'ref', value: exact };
  const named = options.filter(
    (option) => nameOf(option).trim().toLowerCase() === wanted.name.trim().toLowerCase(),
  );
  const sameGroup = wanted.group ? named.filter((option) => option.group === wanted.group) : named;
  const pick = sameGroup.length > 0 ? sameGroup : named;
  if (pick.length === 1 && pick[0]) return { kind: 'name', value: pick[0] };
  return pick.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', count: pick.length };
}

function fail(path: string, message: string): ParsedMappingFile {
  return { ok: false, issues: [{ path, message }] };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
