import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import type { MappingChange } from '../../../../shared/mapping/diff';
import { lintCounts, type LintIssue } from '../../../../shared/mapping/lint';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';

const ICONS = { error: XCircle, warning: AlertTriangle, info: Info } as const;

/** Takes the admin to the row a finding is about, and puts the focus on its list box. */
export function focusRow(rowKey: string): void {
  const row = document.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(rowKey)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: 'center', behavior: 'smooth' });
  row.querySelector<HTMLSelectElement>('select')?.focus({ preventScroll: true });
  row.classList.add('map-row-flash');
  window.setTimeout(() => row.classList.remove('map-row-flash'), 1200);
}

export function LintPanel({ issues }: { issues: LintIssue[] }) {
  const counts = lintCounts(issues);
  return (
    <Card
      title="Lint"
      id="mapping-lint"
      data-testid="mapping-lint"
      actions={
        <>
          {counts.error ? (
            <Badge tone="danger">
              {counts.error} error{counts.error === 1 ? '' : 's'}
            </Badge>
          ) : null}
          {counts.warning ? (
            <Badge tone="warning">
              {counts.warning} warning{counts.warning === 1 ? '' : 's'}
            </Badge>
          ) : null}
          {counts.info ? (
            <Badge tone="info">
              {counts.info} note{counts.info === 1 ? '' : 's'}
            </Badge>
          ) : null}
        </>
      }
    >
      {issues.length === 0 ? (
        <p className="review-empty">
          <CheckCircle2 size={16} aria-hidden /> Every stage is mapped, every target exists, and
          every round trip agrees.
        </p>
      ) : (
        <ul className="lint-list" aria-live="polite">
          {issues.map((issue) => {
            const Icon = ICONS[issue.severity];
            return (
              <li key={issue.id} className={`lint-item lint-${issue.severity}`}>
                <Icon size={16} aria-hidden className="lint-icon" />
                <div>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => focusRow(issue.rowKey)}
                  >
                    {issue.message}
                  </button>
                  <p className="lint-fix">{issue.fix}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export function DiffPanel({
  changes,
  sourceNote,
}: {
  changes: MappingChange[];
  sourceNote: string | null;
}) {
  return (
    <Card
      title="Changes against the mapping in force"
      id="mapping-diff"
      data-testid="mapping-diff"
      actions={changes.length ? <Badge tone="accent">{changes.length} unsaved</Badge> : null}
    >
      {sourceNote ? <p className="muted small">{sourceNote}</p> : null}
      {changes.length === 0 ? (
        <p className="review-empty">
          <CheckCircle2 size={16} aria-hidden /> No unsaved changes: this is the mapping the next
          sync applies.
        </p>
      ) : (
        <ul className="diff-list" aria-live="polite">
          {changes.map((change) => (
            <li key={change.key} className="diff-item">
              <button
                type="button"
                className="diff-subject link-button"
                onClick={() => focusRow(change.key)}
              >
                <span className="diff-direction">
                  {change.direction === 'ats-to-kula' ? 'ATS → Kula' : 'Kula → ATS'}
                </span>
                {change.subject}
              </button>
              <span className="diff-values">
                <del className="diff-before">{change.before}</del>
                <span aria-hidden>→</span>
                <ins className="diff-after">{change.after}</ins>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
