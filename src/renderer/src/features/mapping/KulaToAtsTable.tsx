import { ArrowRight, ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import type {
  AtsTarget,
  KulaStage,
  KulaToAtsRow,
  KulaToAtsTarget,
  MappingView,
} from '../../../../shared/domain/mapping';
import { atsName } from '../../../../shared/mapping/labels';
import { kulaToAtsKey, sameKulaToAtsTarget } from '../../../../shared/mapping/tables';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { DropRow, StageChip } from './dnd';
import { RowIssues, type IssuesByRow } from './RowIssues';

interface Props {
  view: MappingView;
  rows: Map<string, KulaToAtsRow>;
  issues: IssuesByRow;
  onChange(kulaStageId: string, planId: string | null, target: KulaToAtsTarget | null): void;
}

function encode(target: KulaToAtsTarget | null | undefined): string {
  if (!target) return '';
  return target.kind === 'none' ? 'none' : `move:${target.atsRef}`;
}

function groupTargets(targets: AtsTarget[]): Array<[string, AtsTarget[]]> {
  const groups = new Map<string, AtsTarget[]>();
  for (const target of targets)
    groups.set(target.group, [...(groups.get(target.group) ?? []), target]);
  return [...groups];
}

/** Kula → ATS: every Kula stage to an ATS stage (archive reason where needed), or "don't move". */
export function KulaToAtsTable({ view, rows, issues, onChange }: Props) {
  const ats = atsName(view);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const targets = new Map(view.catalog.targets.map((target) => [target.ref, target]));
  const shared = view.catalog.targets.filter((target) => target.planId === null);
  const plans = view.catalog.plans.filter((plan) => !plan.archived || plan.jobs.length > 0);
  const inForce = new Map(
    view.inForce.kulaToAts.map((row) => [kulaToAtsKey(row.kulaStageId, row.planId), row.target]),
  );

  /** A new target keeps its archive reason only where that reason is still allowed. */
  const choose = (
    stage: KulaStage,
    planId: string | null,
    value: string,
    current: KulaToAtsTarget | null,
  ) => {
    if (value === '') return onChange(stage.id, planId, null);
    if (value === 'none') return onChange(stage.id, planId, { kind: 'none' });
    const ref = value.slice(5);
    onChange(stage.id, planId, withReason(ref, current));
  };
  const withReason = (ref: string, current: KulaToAtsTarget | null): KulaToAtsTarget => {
    const target = targets.get(ref);
    const previous = current?.kind === 'move' ? current.archiveReasonId : null;
    const reason = view.catalog.archiveReasons.find((candidate) => candidate.id === previous);
    const keep =
      target?.archiveReason === 'required' &&
      reason &&
      (!target.reasonTypes || target.reasonTypes.includes(reason.reasonType ?? ''));
    return { kind: 'move', atsRef: ref, archiveReasonId: keep ? (previous ?? null) : null };
  };

  const targetSelect = (
    stage: KulaStage,
    planId: string | null,
    row: KulaToAtsRow | undefined,
    label: string,
  ) => {
    const current = row?.target ?? null;
    const options =
      planId === null ? shared : view.catalog.targets.filter((t) => t.planId === planId);
    const currentRef = current?.kind === 'move' ? current.atsRef : null;
    const rule = rows.get(kulaToAtsKey(stage.id, null))?.target;
    const ruleLanding =
      planId !== null && rule?.kind === 'move'
        ? targets.get(rule.atsRef)?.resolution[planId]
        : undefined;
    return (
      <select
        className={`input select map-select ${current || planId ? '' : 'map-select-empty'}`}
        aria-label={label}
        value={encode(current)}
        onChange={(event) => choose(stage, planId, event.target.value, current)}
      >
        {planId === null ? (
          <option value="">Not mapped</option>
        ) : (
          <option value="">
            Use the rule
            {rule?.kind === 'move'
              ? ` (${ruleLanding?.stageTitle ?? 'not in this plan'})`
              : rule?.kind === 'none'
                ? " (don't move)"
                : ''}
          </option>
        )}
        <option value="none">{planId === null ? "Don't move" : "Don't move in this plan"}</option>
        {groupTargets(options).map(([group, list]) => (
          <optgroup key={group} label={group}>
            {list.map((target) => (
              <option key={target.ref} value={`move:${target.ref}`}>
                {target.label}
                {planId === null && target.detail ? ` (${target.detail})` : ''}
              </option>
            ))}
          </optgroup>
        ))}
        {currentRef && !targets.has(currentRef) ? (
          <option value={`move:${currentRef}`}>
            {view.catalog.formerLabels[currentRef] ?? currentRef} (no longer in {ats})
          </option>
        ) : null}
      </select>
    );
  };

  const reasonSelect = (
    stage: KulaStage,
    planId: string | null,
    row: KulaToAtsRow | undefined,
    where: string,
  ) => {
    const current = row?.target;
    if (current?.kind !== 'move') return null;
    const target = targets.get(current.atsRef);
    if (target?.archiveReason !== 'required' && !current.archiveReasonId) return null;
    const reasons = view.catalog.archiveReasons.filter(
      (reason) => !target?.reasonTypes || target.reasonTypes.includes(reason.reasonType ?? ''),
    );
    return (
      <select
        className={`input select map-select map-select-reason ${current.archiveReasonId ? '' : 'map-select-missing'}`}
        aria-label={`Archive reason for Kula stage "${stage.name}"${where}`}
        value={current.archiveReasonId ?? ''}
        onChange={(event) =>
          onChange(stage.id, planId, { ...current, archiveReasonId: event.target.value || null })
        }
      >
        <option value="">
          {target?.archiveReason === 'required' ? 'Choose an archive reason…' : 'No reason'}
        </option>
        {reasons.map((reason) => (
          <option key={reason.id} value={reason.id}>
            {reason.title}
            {reason.archived ? ' (inactive)' : ''}
          </option>
        ))}
      </select>
    );
  };

  return (
    <Card title={`Kula → ${ats}`} className="map-card" data-testid="kula-to-ats">
      <p className="card-lead">
        Where the {ats} application moves when the candidate moves in Kula
        {view.catalog.perPlanOverrides ? ', in each interview plan' : ''}.
      </p>
      <div className="palette" aria-label={`${ats} stages to drag onto a row`}>
        <span className="palette-label">{ats} stages · drag one onto a row</span>
        <div className="palette-chips">
          {groupTargets(shared).map(([group, list]) => (
            <div className="palette-group" key={group}>
              <span className="palette-group-label">{group}</span>
              {list.map((target) => (
                <StageChip
                  key={target.ref}
                  id={`ats:${target.ref}`}
                  data={{
                    kind: 'ats',
                    label: target.label,
                    name: `${ats} ${target.label}`,
                    target: { kind: 'move', atsRef: target.ref, archiveReasonId: null },
                  }}
                />
              ))}
            </div>
          ))}
          <StageChip
            id="ats:none"
            muted
            data={{
              kind: 'ats',
              label: "Don't move",
              name: "Don't move",
              target: { kind: 'none' },
            }}
          />
        </div>
      </div>
      <div className="map-table" role="list">
        {view.kulaStages.map((stage) => {
          const key = kulaToAtsKey(stage.id, null);
          const row = rows.get(key);
          const changed = !sameKulaToAtsTarget(row?.target, inForce.get(key));
          const meta = view.rowMeta[key];
          const overrides = plans.filter((plan) => rows.has(kulaToAtsKey(stage.id, plan.key)));
          const expanded = open.has(stage.id);
          const planIssue = view.catalog.perPlanOverrides
            ? issues.get(key)?.some((issue) => issue.kind === 'plan-lacks-stage')
            : false;
          const move = row?.target?.kind === 'move' ? row.target : null;
          return (
            <div key={stage.id} className="map-group" role="listitem">
              <DropRow
                id={key}
                data-row-key={key}
                className={['map-row-wide-target', changed ? 'map-row-changed' : ''].join(' ')}
                data={{
                  accepts: 'ats',
                  label: `Kula stage "${stage.name}"`,
                  onDrop: (chip) =>
                    chip.kind === 'ats' &&
                    onChange(
                      stage.id,
                      null,
                      chip.target.kind === 'move'
                        ? withReason(chip.target.atsRef, row?.target ?? null)
                        : chip.target,
                    ),
                }}
              >
                <div className="map-row-source">
                  <span className="kula-dot" aria-hidden />
                  <span className="map-row-name">{stage.name}</span>
                  {meta?.needsReview && !changed ? (
                    <Badge tone="warning">Needs review</Badge>
                  ) : null}
                </div>
                <ArrowRight size={15} className="map-row-arrow" aria-hidden />
                <div className="map-row-targets">
                  {targetSelect(stage, null, row, `${ats} stage for Kula stage "${stage.name}"`)}
                  {reasonSelect(stage, null, row, '')}
                  {view.catalog.perPlanOverrides ? (
                    <div className="map-row-meta">
                      {move ? <Landing view={view} rows={rows} stage={stage} /> : null}
                      <button
                        type="button"
                        aria-label={`Per-plan overrides of "${stage.name}"${overrides.length ? ` (${overrides.length})` : ''}`}
                        className={`override-toggle ${planIssue ? 'override-toggle-alert' : ''}`}
                        aria-expanded={expanded}
                        onClick={() =>
                          setOpen((current) => {
                            const next = new Set(current);
                            if (next.has(stage.id)) next.delete(stage.id);
                            else next.add(stage.id);
                            return next;
                          })
                        }
                      >
                        {expanded ? (
                          <ChevronDown size={14} aria-hidden />
                        ) : (
                          <ChevronRight size={14} aria-hidden />
                        )}
                        Overrides{overrides.length ? ` (${overrides.length})` : ''}
                      </button>
                    </div>
                  ) : null}
                </div>
                <RowIssues issues={issues.get(key)} />
              </DropRow>
              {expanded
                ? plans.map((plan) => {
                    const overrideKey = kulaToAtsKey(stage.id, plan.key);
                    const override = rows.get(overrideKey);
                    const where = ` in plan "${plan.title}"`;
                    return (
                      <DropRow
                        key={plan.key}
                        id={overrideKey}
                        data-row-key={overrideKey}
                        className="map-row-override map-row-wide-target"
                        data={{
                          accepts: 'ats',
                          label: `Kula stage "${stage.name}"${where}`,
                          onDrop: (chip) =>
                            chip.kind === 'ats' &&
                            onChange(
                              stage.id,
                              plan.key,
                              chip.target.kind === 'move'
                                ? withReason(chip.target.atsRef, override?.target ?? null)
                                : chip.target,
                            ),
                        }}
                      >
                        <div className="map-row-source">
                          <span className="map-row-name">{plan.title}</span>
                          <span className="map-row-detail">
                            {plan.jobs.length} job{plan.jobs.length === 1 ? '' : 's'}
                          </span>
                        </div>
                        <ArrowRight size={15} className="map-row-arrow" aria-hidden />
                        <div className="map-row-targets">
                          {targetSelect(
                            stage,
                            plan.key,
                            override,
                            `${ats} stage for Kula stage "${stage.name}"${where}`,
                          )}
                          {reasonSelect(stage, plan.key, override, where)}
                        </div>
                        <RowIssues issues={issues.get(overrideKey)} />
                      </DropRow>
                    );
                  })
                : null}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

/** Where the rule lands in each plan (the override where there is one). */
function Landing({
  view,
  rows,
  stage,
}: {
  view: MappingView;
  rows: Map<string, KulaToAtsRow>;
  stage: KulaStage;
}) {
  const rule = rows.get(kulaToAtsKey(stage.id, null))?.target;
  const plans = view.catalog.plans.filter((plan) => !plan.archived);
  if (plans.length < 2) return null;
  return (
    <ul className="landing-list" aria-label={`Where "${stage.name}" lands in each plan`}>
      {plans.map((plan) => {
        const row = rows.get(kulaToAtsKey(stage.id, plan.key))?.target ?? rule;
        const landing =
          row?.kind === 'move'
            ? view.catalog.targets.find((target) => target.ref === row.atsRef)?.resolution[plan.key]
            : undefined;
        const text = row?.kind === 'none' ? "don't move" : (landing?.stageTitle ?? 'missing');
        return (
          <li key={plan.key} className={row?.kind === 'move' && !landing ? 'landing-missing' : ''}>
            {plan.title}: {text}
          </li>
        );
      })}
    </ul>
  );
}
