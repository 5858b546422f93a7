import { AlertTriangle, Info, XCircle } from 'lucide-react';
import type { LintIssue } from '../../../../shared/mapping/lint';

export type IssuesByRow = Map<string, LintIssue[]>;

export function issuesByRow(issues: LintIssue[]): IssuesByRow {
  const map: IssuesByRow = new Map();
  for (const issue of issues) map.set(issue.rowKey, [...(map.get(issue.rowKey) ?? []), issue]);
  return map;
}

const ICONS = { error: XCircle, warning: AlertTriangle, info: Info } as const;

/** The worst lint finding of a row, as an icon whose text is readable on hover and by screen readers. */
export function RowIssues({ issues }: { issues: LintIssue[] | undefined }) {
  if (!issues?.length) return <span className="row-issue-slot" />;
  const worst =
    issues.find((issue) => issue.severity === 'error') ??
    issues.find((issue) => issue.severity === 'warning') ??
    issues[0];
  if (!worst) return <span className="row-issue-slot" />;
  const Icon = ICONS[worst.severity];
  const text = issues.map((issue) => issue.message).join(' ');
  return (
    <span className={`row-issue-slot row-issue-${worst.severity}`} title={text}>
      <Icon size={16} aria-hidden />
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
