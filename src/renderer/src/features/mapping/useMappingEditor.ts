import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  AtsToKulaTarget,
  KulaToAtsTarget,
  MappingChangeSource,
  MappingTables,
  MappingView,
} from '../../../../shared/domain/mapping';
import { diffMappings, type MappingChange } from '../../../../shared/mapping/diff';
import { lintMapping, type LintIssue } from '../../../../shared/mapping/lint';
import { call, errorText, onStale } from '../../lib/api';
import {
  CONFIRMED,
  failureNotice,
  importedNotice,
  isStaleRevision,
  savedNotice,
  takeLatest,
  UPDATED_ELSEWHERE,
  withAtsToKula,
  withKulaToAts,
  type EditorNotice,
} from './editor-state';

export interface MappingEditor {
  view: MappingView | null;
  draft: MappingTables | null;
  loading: boolean;
  loadError: string | null;
  saving: boolean;
  notice: EditorNotice | null;
  conflict: boolean;
  changes: MappingChange[];
  issues: LintIssue[];
  dirty: boolean;
  source: MappingChangeSource;
  setAtsToKula(atsRef: string, target: AtsToKulaTarget | null): void;
  setKulaToAts(kulaStageId: string, planId: string | null, target: KulaToAtsTarget | null): void;
  resetToDefaults(): void;
  discard(): void;
  loadImport(text: string, fileName: string): Promise<void>;
  save(options?: { confirm?: boolean }): Promise<void>;
  confirm(): Promise<void>;
  reloadKeepingEdits(): Promise<void>;
  exportFile(): Promise<{ fileName: string; text: string } | null>;
  dismissNotice(): void;
  report(notice: EditorNotice): void;
}

/**
 * The editor's state: the mapping in force (from main), the admin's draft, and what the shared
 * lint and diff say about the draft, recomputed on every edit. Changes made elsewhere (a sync,
 * another window, the CLI) are pulled in; unsaved edits are kept on top of them.
 */
export function useMappingEditor(connectionId: string): MappingEditor {
  const [view, setView] = useState<MappingView | null>(null);
  const [draft, setDraft] = useState<MappingTables | null>(null);
  const [startedFrom, setStartedFrom] = useState<MappingTables | null>(null);
  const [source, setSource] = useState<MappingChangeSource>('editor');
  const [note, setNote] = useState<string | undefined>(undefined);
  // An imported file's "needs review" rows, kept flagged when the import is saved.
  const [importFlags, setImportFlags] = useState<string[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<EditorNotice | null>(null);
  const [conflict, setConflict] = useState(false);
  // What refresh() reads when an event arrives, kept current after every render.
  const state = useRef({ draft, startedFrom, view });
  useEffect(() => {
    state.current = { draft, startedFrom, view };
  });

  const changes = useMemo(
    () => (view && draft ? diffMappings(view, view.inForce, draft) : []),
    [view, draft],
  );
  const issues = useMemo(
    () =>
      view && draft
        ? lintMapping({ ...view, draft, inForce: view.inForce, rowMeta: view.rowMeta })
        : [],
    [view, draft],
  );
  const dirty = changes.length > 0;

  const apply = useCallback((latest: MappingView, mode: 'replace' | 'keep-edits') => {
    const next = takeLatest(state.current, latest, mode);
    setView(latest);
    setDraft(next.draft);
    if (next.updatedElsewhere) setNotice(UPDATED_ELSEWHERE);
    if (!next.keptEdits) {
      setSource('editor');
      setNote(undefined);
      setImportFlags([]);
    }
    setStartedFrom(latest.inForce);
    setLoadError(null);
    setLoading(false);
  }, []);

  const refresh = useCallback(
    (mode: 'replace' | 'keep-edits'): Promise<void> =>
      call('mapping:get', { connectionId }).then(
        (latest) => apply(latest, mode),
        (error: unknown) => {
          setLoadError(errorText(error));
          setLoading(false);
        },
      ),
    [connectionId, apply],
  );

  // The editor is keyed by connection, so one hook instance serves one connection.
  useEffect(() => {
    void refresh('replace');
    return onStale(['mapping:get'], () => void refresh('keep-edits'));
  }, [refresh]);

  const edit = useCallback((update: (tables: MappingTables) => MappingTables) => {
    setDraft((current) => (current ? update(current) : current));
  }, []);

  const setAtsToKula = useCallback(
    (atsRef: string, target: AtsToKulaTarget | null) =>
      edit((tables) => withAtsToKula(tables, atsRef, target)),
    [edit],
  );

  const setKulaToAts = useCallback(
    (kulaStageId: string, planId: string | null, target: KulaToAtsTarget | null) =>
      edit((tables) => withKulaToAts(tables, kulaStageId, planId, target)),
    [edit],
  );

  const save = useCallback(
    async (options: { confirm?: boolean } = {}) => {
      if (!view || !draft) return;
      setSaving(true);
      setNotice(null);
      try {
        const result = await call('mapping:save', {
          connectionId,
          tables: draft,
          baseRevision: view.revision,
          source,
          ...(options.confirm ? { confirm: true } : {}),
          ...(note ? { note } : {}),
          ...(source === 'import' && importFlags.length ? { needsReview: importFlags } : {}),
        });
        setConflict(false);
        await refresh('replace');
        setNotice(savedNotice(result, Boolean(options.confirm)));
      } catch (error) {
        if (isStaleRevision(error)) setConflict(true);
        setNotice(failureNotice('The mapping was not saved', error, { issues: true }));
      } finally {
        setSaving(false);
      }
    },
    [connectionId, view, draft, source, note, importFlags, refresh],
  );

  const confirm = useCallback(async () => {
    setSaving(true);
    try {
      await call('mapping:confirm', { connectionId });
      await refresh('replace');
      setNotice(CONFIRMED);
    } catch (error) {
      setNotice(failureNotice('Not confirmed', error));
    } finally {
      setSaving(false);
    }
  }, [connectionId, refresh]);

  const loadImport = useCallback(
    async (text: string, fileName: string) => {
      setNotice(null);
      try {
        const preview = await call('mapping:preview-import', { connectionId, text });
        setDraft(preview.tables);
        setSource('import');
        setNote(`from ${fileName}`);
        setImportFlags(preview.needsReview);
        setNotice(importedNotice(fileName, preview));
      } catch (error) {
        setNotice(failureNotice(`${fileName} was not imported`, error, { issues: true }));
      }
    },
    [connectionId],
  );

  const exportFile = useCallback(async () => {
    try {
      return await call('mapping:export', { connectionId });
    } catch (error) {
      setNotice(failureNotice('Export failed', error));
      return null;
    }
  }, [connectionId]);

  return {
    view,
    draft,
    loading,
    loadError,
    saving,
    notice,
    conflict,
    changes,
    issues,
    dirty,
    source,
    setAtsToKula,
    setKulaToAts,
    resetToDefaults: () => {
      if (!view) return;
      setDraft(view.defaults);
      setSource('reset');
      setNote(undefined);
      setImportFlags([]);
    },
    discard: () => {
      if (!view) return;
      setDraft(view.inForce);
      setSource('editor');
      setNote(undefined);
      setImportFlags([]);
      setNotice(null);
    },
    loadImport,
    save,
    confirm,
    reloadKeepingEdits: async () => {
      setConflict(false);
      setNotice(null);
      await refresh('keep-edits');
    },
    exportFile,
    dismissNotice: () => setNotice(null),
    report: setNotice,
  };
}
