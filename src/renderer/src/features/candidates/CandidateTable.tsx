import type { CandidateRow } from '../../../../shared/domain/kula';
import { navigate } from '../../lib/router';
import { Badge } from '../../ui/Badge';
import { AtsLinks } from './AtsLinks';

/** Kula candidates as rows: name and email, Kula stage, flows, ATS icons, writes waiting. */
export function CandidateTable({ rows }: { rows: CandidateRow[] }) {
  return (
    <table className="table candidate-table" data-testid="kula-candidates">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kula stage</th>
          <th>Flows</th>
          <th>ATS</th>
          <th>Writes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-candidate={row.email ?? row.id}>
            <td>
              <a
                href={`#/candidates/kula/${encodeURIComponent(row.id)}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/candidates/kula/${encodeURIComponent(row.id)}`);
                }}
              >
                {row.name}
              </a>
              <div className="small muted">{row.email ?? 'No email'}</div>
            </td>
            <td>
              <Badge tone="accent">{row.kulaStageName}</Badge>
            </td>
            <td className="small">{row.flows.map((flow) => flow.name).join(', ') || '—'}</td>
            <td>
              <AtsLinks name={row.name} links={row.atsLinks} />
            </td>
            <td>
              {row.failedWrites ? <Badge tone="danger">{row.failedWrites} failed</Badge> : null}{' '}
              {row.pendingWrites ? <Badge tone="info">{row.pendingWrites} waiting</Badge> : null}
              {!row.failedWrites && !row.pendingWrites ? (
                <span className="muted small">—</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
