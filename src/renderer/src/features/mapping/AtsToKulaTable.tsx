import { ArrowRight } from 'lucide-react';
import type { AtsSource, AtsToKulaTarget, MappingView } from '../../../../shared/domain/mapping';
import { atsName } from '../../../../shared/mapping/labels';
import { atsToKulaKey, sameAtsToKulaTarget } from '../../../../shared/mapping/tables';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { DropRow, StageChip } from './dnd';
import { RowIssues, type IssuesByRow } from './RowIssues';

interface Props {
  view: MappingView;
  rows: Map<string, AtsToKulaTarget | null>;
  issues: IssuesByRow;
  onChange(atsRef: string, target: AtsToKulaTarget | null): void;
}

function encode(target: AtsToKulaTarget | null | undefined): string {
  if (!target) return '';
  return target.kind === 'unchanged' ? 'unchanged' : `stage:${target.kulaStageId}`;
}

function decode(value: string): AtsToKulaTarget | null {
  if (value === 'unchanged') return { kind: 'unchanged' };
  if (value.startsWith('stage:')) return { kind: 'stage', kulaStageId: value.slice(6) };
  return null;
}

/** ATS → Kula: every ATS stage (and archive reason) to a Kula stage, or "leave unchanged". */
export function AtsToKulaTable({ view, rows, issues, onChange }: Props) {
  const ats = atsName(view);
  const inForce = new Map(view.inForce.atsToKula.map((row) => [row.atsRef, row.target]));
  const groups: Array<{ name: string; sources: AtsSource[] }> = [];
  for (const source of view.catalog.sources) {
    const last = groups.at(-1);
    if (last && last.name === source.group) last.sources.push(source);
    else groups.push({ name: source.group, sources: [source] });
  }
  return (
    <Card title={`${ats} → Kula`} className="map-card" data-testid="ats-to-kula">
      <p className="card-lead">
        Where the candidate lands in Kula when {ats} moves their application.
      </p>
      <div className="palette" aria-label="Kula stages to drag onto a row">
        <span className="palette-label">Kula stages · drag one onto a row</span>
        <div className="palette-chips">
          {view.kulaStages.map((stage) => (
            <StageChip
              key={stage.id}
              id={`kula:${stage.id}`}
              data={{
                kind: 'kula',
                label: stage.name,
                name: `Kula stage ${stage.name}`,
                target: { kind: 'stage', kulaStageId: stage.id },
              }}
            />
          ))}
          <StageChip
            id="kula:unchanged"
            muted
            data={{
              kind: 'kula',
              label: 'Leave unchanged',
              name: 'Leave unchanged',
              target: { kind: 'unchanged' },
            }}
          />
        </div>
      </div>
      <div className="map-table" role="list">
        {groups.map((group) => (
          <div key={group.name} className="map-group" role="listitem">
            <h3 className="map-group-title">{group.name}</h3>
            {group.sources.map((source) => {
              const key = atsToKulaKey(source.ref);
              const target = rows.get(source.ref) ?? null;
              const changed = !sameAtsToKulaTarget(target, inForce.get(source.ref));
              const meta = view.rowMeta[key];
              const name = `${ats} ${source.kind === 'reason' ? 'archive reason' : 'stage'} "${source.label}"`;
              return (
                <DropRow
                  key={source.ref}
                  id={key}
                  data-row-key={key}
                  className={changed ? 'map-row-changed' : undefined}
                  data={{
                    accepts: 'kula',
                    label: name,
                    onDrop: (chip) => chip.kind === 'kula' && onChange(source.ref, chip.target),
                  }}
                >
                  <div className="map-row-source">
                    <span className="map-row-name">{source.label}</span>
                    {source.detail ? <span className="map-row-detail">{source.detail}</span> : null}
                    {meta?.needsReview && !changed ? (
                      <Badge tone="warning">Needs review</Badge>
                    ) : null}
                    {!source.exists ? <Badge tone="neutral">No longer in {ats}</Badge> : null}
                  </div>
                  <ArrowRight size={15} className="map-row-arrow" aria-hidden />
                  <select
                    className={`input select map-select ${target ? '' : 'map-select-empty'}`}
                    aria-label={`Kula stage for ${name}`}
                    value={encode(target)}
                    onChange={(event) => onChange(source.ref, decode(event.target.value))}
                  >
                    <option value="">Not mapped</option>
                    <option value="unchanged">Leave unchanged</option>
                    {view.kulaStages.map((stage) => (
                      <option key={stage.id} value={`stage:${stage.id}`}>
                        {stage.name}
                      </option>
                    ))}
                    {target?.kind === 'stage' &&
                    !view.kulaStages.some((stage) => stage.id === target.kulaStageId) ? (
                      <option value={encode(target)}>Removed stage ({target.kulaStageId})</option>
                    ) : null}
                  </select>
                  <RowIssues issues={issues.get(key)} />
                </DropRow>
              );
            })}
          </div>
        ))}
      </div>
    </Card>
  );
}
