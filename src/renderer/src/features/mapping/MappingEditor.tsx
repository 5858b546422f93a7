import { Download, RotateCcw, ShieldCheck, Upload, Undo2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PROVIDER_LABELS } from '../../../../shared/domain/connections';
import type { KulaToAtsRow } from '../../../../shared/domain/mapping';
import { lintCounts } from '../../../../shared/mapping/lint';
import { kulaToAtsKey } from '../../../../shared/mapping/tables';
import { dateTime, timeAgo } from '../../lib/format';
import { setNavigationGuard } from '../../lib/router';
import { useAppStore } from '../../stores/app-store';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { AtsToKulaTable } from './AtsToKulaTable';
import { MappingDndContext } from './dnd';
import { offerDownload, readPickedFile } from './file-transfer';
import { KulaToAtsTable } from './KulaToAtsTable';
import { DiffPanel, LintPanel } from './ReviewPanels';
import { issuesByRow } from './RowIssues';
import { useMappingEditor } from './useMappingEditor';

/** Both mapping tables for one connection, with lint, diff, import/export and save. */
export function MappingEditor({ connectionId }: { connectionId: string }) {
  const editor = useMappingEditor(connectionId);
  const online = useAppStore((state) => state.online);
  const fileInput = useRef<HTMLInputElement>(null);
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const { view, draft, dirty, issues, changes } = editor;

  useEffect(() => {
    if (!dirty) return undefined;
    return setNavigationGuard((_to, proceed) => {
      setLeaving(() => proceed);
      return true;
    });
  }, [dirty]);

  const byRow = useMemo(() => issuesByRow(issues), [issues]);
  const atsRows = useMemo(
    () => new Map((draft?.atsToKula ?? []).map((row) => [row.atsRef, row.target])),
    [draft],
  );
  const kulaRows = useMemo(
    () =>
      new Map<string, KulaToAtsRow>(
        (draft?.kulaToAts ?? []).map((row) => [kulaToAtsKey(row.kulaStageId, row.planId), row]),
      ),
    [draft],
  );

  if (editor.loading && !view)
    return (
      <Card>
        <p className="muted">Loading the mapping…</p>
      </Card>
    );
  if (editor.loadError && !view)
    return (
      <Banner tone="danger" title="The mapping could not be loaded">
        {editor.loadError}
      </Banner>
    );
  if (!view || !draft) return null;

  const ats = PROVIDER_LABELS[view.connection.provider];
  const counts = lintCounts(issues);
  const needsReview = Object.values(view.rowMeta).some((meta) => meta.needsReview);
  const status = view.status;
  const mustConfirm = status.requiresConfirmation && !status.confirmedAt;

  if (view.catalog.sources.length === 0) {
    return (
      <Card>
        <EmptyState title={`No ${ats} stages in the cache yet`}>
          <p>
            The mapping tables appear, pre-filled with working defaults, once a sync has imported
            the stages of {view.connection.label}. Run a sync from Connections.
          </p>
        </EmptyState>
      </Card>
    );
  }

  const sourceNote =
    editor.source === 'reset'
      ? 'Showing the defaults for the current ATS stages. Save to apply them.'
      : editor.source === 'import'
        ? 'Showing the imported file over the mapping in force. Save to apply it.'
        : null;

  const onPickFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    let text: string;
    try {
      text = await readPickedFile(file);
    } catch (error) {
      editor.report({
        tone: 'danger',
        title: `${file.name} was not imported`,
        text: error instanceof Error ? error.message : 'The file could not be read.',
      });
      return;
    }
    await editor.loadImport(text, file.name);
  };

  return (
    <div className="mapping-editor">
      <div className="mapping-toolbar" role="region" aria-label="Mapping status and actions">
        <div className="mapping-toolbar-facts">
          <Badge tone="accent">{ats}</Badge>
          <span className="mapping-fact" data-testid="stages-refreshed">
            {ats} stages from the local cache, refreshed {timeAgo(view.catalog.refreshedAt)}
            {view.catalog.refreshedAt ? ` (${dateTime(view.catalog.refreshedAt)})` : ''}
            {online ? '' : ' · offline'}
          </span>
          {status.requiresConfirmation ? (
            status.confirmedAt ? (
              <Badge tone="success">
                Writes allowed · confirmed by {status.confirmedBy} {timeAgo(status.confirmedAt)}
              </Badge>
            ) : (
              <Badge tone="warning">Writes to {ats} on hold</Badge>
            )
          ) : null}
          <a
            className="mapping-count"
            href="#mapping-lint"
            onClick={(event) => {
              event.preventDefault();
              document.getElementById('mapping-lint')?.scrollIntoView({ behavior: 'smooth' });
            }}
          >
            {lintSummary(counts)}
          </a>
          {dirty ? (
            <span className="mapping-count mapping-count-dirty">{changes.length} unsaved</span>
          ) : null}
        </div>
        <div className="mapping-toolbar-actions">
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Mapping file to import"
            data-testid="mapping-import-input"
            onChange={(event) => void onPickFile(event.target.files)}
          />
          <Button
            size="sm"
            variant="ghost"
            icon={<Upload size={14} aria-hidden />}
            onClick={() => fileInput.current?.click()}
          >
            Import
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon={<Download size={14} aria-hidden />}
            onClick={() =>
              void editor
                .exportFile()
                .then((file) => file && offerDownload(file.fileName, file.text))
            }
          >
            Export
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon={<RotateCcw size={14} aria-hidden />}
            onClick={editor.resetToDefaults}
          >
            Reset to defaults
          </Button>
          <Button
            size="sm"
            variant="secondary"
            icon={<Undo2 size={14} aria-hidden />}
            disabled={!dirty}
            onClick={editor.discard}
          >
            Discard
          </Button>
          {mustConfirm ? (
            <>
              {dirty ? (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={editor.saving}
                  onClick={() => void editor.save()}
                >
                  Save without confirming
                </Button>
              ) : null}
              <Button
                size="sm"
                variant="primary"
                icon={<ShieldCheck size={14} aria-hidden />}
                busy={editor.saving}
                disabled={counts.error > 0}
                title={counts.error > 0 ? 'Fix the errors the lint lists first.' : undefined}
                onClick={() => void (dirty ? editor.save({ confirm: true }) : editor.confirm())}
              >
                {dirty ? 'Save and confirm' : 'Confirm mapping'}
              </Button>
            </>
          ) : (
            <Button
              size="sm"
              variant="primary"
              busy={editor.saving}
              disabled={!dirty && !needsReview}
              onClick={() => void editor.save()}
            >
              {dirty || !needsReview ? 'Save' : 'Mark as reviewed'}
            </Button>
          )}
        </div>
      </div>

      {mustConfirm ? (
        <Banner
          tone="warning"
          title={`Writes to ${ats} are on hold until you confirm this mapping`}
        >
          {ats} requires a confirmed stage mapping before Kula changes anything there. Check both
          tables below (the defaults fit an account without custom stages), then choose{' '}
          <strong>{dirty ? 'Save and confirm' : 'Confirm mapping'}</strong>. The console records who
          confirmed it and when.
        </Banner>
      ) : null}
      {editor.notice ? (
        <Banner
          tone={editor.notice.tone}
          title={editor.notice.title}
          action={
            editor.conflict ? (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => void editor.reloadKeepingEdits()}
              >
                Reload and keep my edits
              </Button>
            ) : (
              <Button size="sm" variant="ghost" onClick={editor.dismissNotice}>
                Dismiss
              </Button>
            )
          }
        >
          {editor.notice.text}
          {editor.notice.issues?.length ? (
            <ul className="issue-list" data-testid="import-issues">
              {editor.notice.issues.map((issue, index) => (
                <li key={index}>
                  {issue.path ? <code>{issue.path}</code> : null} {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Banner>
      ) : null}

      <MappingDndContext>
        <div className="mapping-columns">
          <AtsToKulaTable
            view={view}
            rows={atsRows}
            issues={byRow}
            onChange={editor.setAtsToKula}
          />
          <KulaToAtsTable
            view={view}
            rows={kulaRows}
            issues={byRow}
            onChange={editor.setKulaToAts}
          />
        </div>
      </MappingDndContext>

      <div className="mapping-columns">
        <LintPanel issues={issues} />
        <DiffPanel changes={changes} sourceNote={sourceNote} />
      </div>
      <p className="muted small mapping-footnote">
        Saved changes take effect at the next sync and never move anyone by themselves: the mapping
        applies to stage changes the sync sees from then on. Everything here works offline.
      </p>

      <ConfirmDialog
        open={leaving !== null}
        title="Leave without saving?"
        confirmLabel="Discard changes and leave"
        cancelLabel="Stay and keep editing"
        tone="danger"
        onCancel={() => setLeaving(null)}
        onConfirm={() => {
          const proceed = leaving;
          setLeaving(null);
          editor.discard();
          // Let the guard unregister (the draft is clean now) before navigating.
          window.setTimeout(() => proceed?.(), 0);
        }}
      >
        You have {changes.length} unsaved change{changes.length === 1 ? '' : 's'} to the stage
        mapping of {view.connection.label}. If you leave, they are lost.
      </ConfirmDialog>
    </div>
  );
}

function lintSummary(counts: { error: number; warning: number }): string {
  const parts = [
    counts.error ? `${counts.error} error${counts.error === 1 ? '' : 's'}` : '',
    counts.warning ? `${counts.warning} warning${counts.warning === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Lint clean';
}
