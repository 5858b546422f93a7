import { PROVIDER_LABELS } from '../domain/connections';
import type { AtsCatalog, AtsToKulaTarget, KulaStage, KulaToAtsTarget } from '../domain/mapping';

/** What a mapping is read against: Kula's pipeline and the connection's ATS catalog. */
export interface MappingContext {
  kulaStages: KulaStage[];
  catalog: AtsCatalog;
}

export const LEAVE_UNCHANGED = 'Leave unchanged';
export const DONT_MOVE = "Don't move";
export const NOT_MAPPED = 'Not mapped';

export function atsName(context: MappingContext): string {
  return PROVIDER_LABELS[context.catalog.provider];
}

export function kulaStageName(context: MappingContext, id: string): string {
  return context.kulaStages.find((stage) => stage.id === id)?.name ?? `removed stage "${id}"`;
}

export function sourceLabel(context: MappingContext, ref: string): string {
  const source = context.catalog.sources.find((candidate) => candidate.ref === ref);
  if (source) return source.kind === 'reason' ? `Archived: ${source.label}` : source.label;
  return context.catalog.formerLabels[ref] ?? ref;
}

export function targetLabel(context: MappingContext, ref: string): string {
  return (
    context.catalog.targets.find((candidate) => candidate.ref === ref)?.label ??
    context.catalog.formerLabels[ref] ??
    ref
  );
}

export function planLabel(context: MappingContext, planId: string | null): string | null {
  if (!planId) return null;
  return context.catalog.plans.find((plan) => plan.key === planId)?.title ?? planId;
}

export function reasonLabel(context: MappingContext, id: string): string {
  return context.catalog.archiveReasons.find((reason) => reason.id === id)?.title ?? id;
}

export function describeAtsToKula(
  context: MappingContext,
  target: AtsToKulaTarget | null | undefined,
): string {
  if (!target) return NOT_MAPPED;
  return target.kind === 'unchanged' ? LEAVE_UNCHANGED : kulaStageName(context, target.kulaStageId);
}

export function describeKulaToAts(
  context: MappingContext,
  target: KulaToAtsTarget | null | undefined,
): string {
  if (!target) return NOT_MAPPED;
  if (target.kind === 'none') return DONT_MOVE;
  const stage = targetLabel(context, target.atsRef);
  return target.archiveReasonId
    ? `${stage} (reason: ${reasonLabel(context, target.archiveReasonId)})`
    : stage;
}
