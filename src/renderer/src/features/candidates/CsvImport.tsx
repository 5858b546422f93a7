import { FileUp } from 'lucide-react';
import { useState } from 'react';
import type { CsvImportPreview } from '../../../../shared/domain/kula';
import type { FlowSummary } from '../../../../shared/domain/kula';
import { call, localError } from '../../lib/api';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { SelectField } from '../../ui/SelectField';

/**
 * CSV import: the file is read here and its text sent to main, which checks every row and
 * answers with a preview (recognised columns, each row's problems) before anything is saved.
 */
export function CsvImport({ flowId, flows }: { flowId: string | null; flows: FlowSummary[] }) {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [flow, setFlow] = useState<string>(flowId ?? '');
  const [preview, setPreview] = useState<CsvImportPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (content: string, target: string) => {
    setBusy(true);
    setResult(null);
    try {
      setPreview(await call('candidates:preview-csv', { text: content, flowId: target || null }));
      setError(null);
    } catch (caught) {
      setPreview(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 5_000_000) {
      setError(localError(`“${file.name}” is larger than 5 MB.`, 'Split it into smaller files.'));
      return;
    }
    const content = await file.text();
    setText(content);
    setFileName(file.name);
    await check(content, flow);
  };

  const importNow = async () => {
    if (text === null) return;
    setBusy(true);
    try {
      const done = await call('candidates:import-csv', { text, flowId: flow || null });
      setResult(
        `${done.imported} candidate${done.imported === 1 ? '' : 's'} imported${
          done.skipped ? `, ${done.skipped} already in Kula skipped` : ''
        }${done.invalid ? `, ${done.invalid} row${done.invalid === 1 ? '' : 's'} with problems not imported` : ''}.`,
      );
      setPreview(null);
      setText(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Import a CSV file" data-testid="csv-import">
      <p className="small muted">
        One candidate per row. The first row names the columns: <code>name</code> (or{' '}
        <code>first name</code>, <code>last name</code>), <code>email</code>, <code>phone</code>,{' '}
        <code>linkedin</code> or <code>links</code>, <code>stage</code>. Nothing is saved until you
        choose Import.
      </p>
      <div className="form-grid">
        <SelectField
          label="Add them to a flow"
          value={flow}
          onChange={(event) => {
            setFlow(event.target.value);
            if (text !== null) void check(text, event.target.value);
          }}
        >
          <option value="">No flow</option>
          {flows.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
              {item.link ? ` (${item.link.connectionLabel}: ${item.link.jobTitle})` : ''}
            </option>
          ))}
        </SelectField>
        <label className="btn btn-secondary btn-md file-button">
          <FileUp size={16} aria-hidden />
          <span>{fileName ? `Choose another file (${fileName})` : 'Choose a CSV file'}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            aria-label="CSV file of candidates"
            onChange={(event) => void pick(event.target.files?.[0])}
          />
        </label>
      </div>
      <ErrorBanner error={error} />
      {result ? <Banner tone="success">{result}</Banner> : null}
      {preview ? (
        <div className="csv-preview" data-testid="csv-preview">
          <p className="small">
            Columns:{' '}
            {Object.entries(preview.recognised)
              .map(([column, field]) => `${column} → ${field}`)
              .join(', ')}
          </p>
          <p>
            <Badge tone="success">{preview.valid} ready</Badge>{' '}
            <Badge tone={preview.invalid ? 'danger' : 'neutral'}>
              {preview.invalid} with problems
            </Badge>{' '}
            <Badge tone="neutral">{preview.duplicates} already in Kula</Badge>
          </p>
          {/* Scrolls on its own: a Tab stop, so the keyboard can scroll it too. */}
          <div className="csv-rows" tabIndex={0} role="region" aria-label="Rows of the file">
            <table className="table">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Check</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr
                    key={row.line}
                    data-line={row.line}
                    className={row.errors.length ? 'row-invalid' : ''}
                  >
                    <td className="num">{row.line}</td>
                    <td>{row.candidate?.name || '—'}</td>
                    <td className="small">{row.candidate?.emails.join(', ') || '—'}</td>
                    <td className="small">
                      {row.errors.length ? (
                        <ul className="row-errors">
                          {row.errors.map((message) => (
                            <li key={message}>{message}</li>
                          ))}
                        </ul>
                      ) : row.duplicateOf ? (
                        `Already in Kula as ${row.duplicateOf.name}; skipped.`
                      ) : (
                        'Ready'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <Button
              variant="primary"
              busy={busy}
              disabled={preview.valid === 0}
              onClick={() => void importNow()}
            >
              Import {preview.valid} candidate{preview.valid === 1 ? '' : 's'}
            </Button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
