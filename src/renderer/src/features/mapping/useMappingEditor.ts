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
import { kulaToAtsKey, rebaseDraft } from '../../../../shared/mapping/tables';
import { ApiError, call, describeError, onStale } from '../../lib/api';

export interface EditorNotice {
  tone: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  text?: string;
  issues?: Array<{ path: string; message: string }>;
}

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
    const { draft: mine, startedFrom: base, view: shown } = state.current;
    const edited = mine && shown && diffMappings(shown, shown.inForce, mine).length > 0;
    setView(latest);
    if (mode === 'keep-edits' && edited && mine && base) {
      setDraft(rebaseDraft(mine, base, latest.inForce));
      if (latest.revision !== shown?.revision) {
        setNotice({
          tone: 'info',
          title: 'The mapping was updated elsewhere',
          text: 'A sync, another window or the command line changed it. Your unsaved edits are kept on top of the latest version.',
        });
      }
    } else {
      setDraft(latest.inForce);
      setSource('editor');
      setNote(undefined);
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
          const { message, action } = describeError(error);
          setLoadError(action ? `${message} ${action}` : message);
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
      edit((tables) => ({
        ...tables,
        atsToKula: tables.atsToKula.some((row) => row.atsRef === atsRef)
          ? tables.atsToKula.map((row) => (row.atsRef === atsRef ? { atsRef, target } : row))
          : [...tables.atsToKula, { atsRef, target }],
      })),
    [edit],
  );

  const setKulaToAts = useCallback(
    (kulaStageId: string, planId: string | null, target: KulaToAtsTarget | null) =>
      edit((tables) => {
        const key = kulaToAtsKey(kulaStageId, planId);
        const others = tables.kulaToAts.filter(
          (row) => kulaToAtsKey(row.kulaStageId, row.planId) !== key,
        );
        // An override set to "use the rule" is no override at all.
        if (planId !== null && target === null) return { ...tables, kulaToAts: others };
        return { ...tables, kulaToAts: [...others, { kulaStageId, planId, target }] };
      }),
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
        });
        setConflict(false);
        await refresh('replace');
        setNotice({
          tone: 'success',
          title: options.confirm ? 'Mapping saved and confirmed' : 'Mapping saved',
          text: `${result.changes} row${result.changes === 1 ? '' : 's'} changed. It applies from the next sync${
            result.status.writeBackAllowed ? '.' : `; ${result.status.writeBackHeldReason ?? ''}`
          }`,
        });
      } catch (error) {
        const { message, action } = describeError(error);
        if (error instanceof ApiError && error.code === 'CONFLICT' && /changed while/.test(message))
          setConflict(true);
        setNotice({
          tone: 'danger',
          title: 'The mapping was not saved',
          text: action ? `${message} ${action}` : message,
          ...(error instanceof ApiError && error.issues ? { issues: error.issues } : {}),
        });
      } finally {
        setSaving(false);
      }
    },
    [connectionId, view, draft, source, note, refresh],
  );

  const confirm = useCallback(async () => {
    setSaving(true);
    try {
      await call('mapping:confirm', { connectionId });
      await refresh('replace');
      setNotice({
        tone: 'success',
        title: 'Mapping confirmed',
        text: 'Writes to the ATS are allowed from the next sync.',
      });
    } catch (error) {
      const { message, action } = describeError(error);
      setNotice({
        tone: 'danger',
        title: 'Not confirmed',
        text: action ? `${message} ${action}` : message,
      });
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
        setNotice({
          tone: 'info',
          title: `Loaded ${fileName}`,
          text: `${preview.changes} row${preview.changes === 1 ? '' : 's'} differ from the mapping in force. Review the changes below, then save to apply them.${
            preview.notes.length ? ` ${preview.notes.join(' ')}` : ''
          }`,
        });
      } catch (error) {
        const { message, action } = describeError(error);
        setNotice({
          tone: 'danger',
          title: `${fileName} was not imported`,
          text: action ? `${message} ${action}` : message,
          ...(error instanceof ApiError && error.issues ? { issues: error.issues } : {}),
        });
      }
    },
    [connectionId],
  );

  const exportFile = useCallback(async () => {
    try {
      return await call('mapping:export', { connectionId });
    } catch (error) {
      const { message, action } = describeError(error);
      setNotice({
        tone: 'danger',
        title: 'Export failed',
        text: action ? `${message} ${action}` : message,
      });
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
    },
    discard: () => {
      if (!view) return;
      setDraft(view.inForce);
      setSource('editor');
      setNote(undefined);
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
