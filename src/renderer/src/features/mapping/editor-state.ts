import type {
  AtsToKulaTarget,
  KulaToAtsTarget,
  MappingImportPreview,
  MappingSaveResult,
  MappingTables,
  MappingView,
} from '../../../../shared/domain/mapping';
import { diffMappings } from '../../../../shared/mapping/diff';
import { kulaToAtsKey, rebaseDraft } from '../../../../shared/mapping/tables';
import { ApiError, errorText } from '../../lib/api';

/**
 * The stage-mapping editor's state changes, free of React: `useMappingEditor` holds the state and
 * calls main; these decide what the draft and the notices become.
 */

export interface EditorNotice {
  tone: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  text?: string;
  issues?: Array<{ path: string; message: string }>;
}

/** The draft with the ATS → Kula row of `atsRef` set (added when the draft has none yet). */
export function withAtsToKula(
  tables: MappingTables,
  atsRef: string,
  target: AtsToKulaTarget | null,
): MappingTables {
  return {
    ...tables,
    atsToKula: tables.atsToKula.some((row) => row.atsRef === atsRef)
      ? tables.atsToKula.map((row) => (row.atsRef === atsRef ? { atsRef, target } : row))
      : [...tables.atsToKula, { atsRef, target }],
  };
}

/**
 * The draft with the Kula → ATS row of a Kula stage set: the rule for every plan (`planId` null)
 * or an override for one plan. An override set back to "use the rule" (null) is removed.
 */
export function withKulaToAts(
  tables: MappingTables,
  kulaStageId: string,
  planId: string | null,
  target: KulaToAtsTarget | null,
): MappingTables {
  const key = kulaToAtsKey(kulaStageId, planId);
  const others = tables.kulaToAts.filter(
    (row) => kulaToAtsKey(row.kulaStageId, row.planId) !== key,
  );
  if (planId !== null && target === null) return { ...tables, kulaToAts: others };
  return { ...tables, kulaToAts: [...others, { kulaStageId, planId, target }] };
}

/** What the editor showed when a newer mapping arrived from main. */
export interface Shown {
  view: MappingView | null;
  draft: MappingTables | null;
  /** The mapping in force the draft was started from. */
  startedFrom: MappingTables | null;
}

/**
 * The draft once main answers with `latest`. `replace` starts over from the mapping in force;
 * `keep-edits` keeps unsaved edits on top of it (`keptEdits`), and says whether the mapping
 * changed elsewhere meanwhile (`updatedElsewhere`), which the admin is told.
 */
export function takeLatest(
  shown: Shown,
  latest: MappingView,
  mode: 'replace' | 'keep-edits',
): { draft: MappingTables; keptEdits: boolean; updatedElsewhere: boolean } {
  const { view, draft, startedFrom } = shown;
  const edited = draft && view && diffMappings(view, view.inForce, draft).length > 0;
  if (mode === 'keep-edits' && edited && draft && startedFrom) {
    return {
      draft: rebaseDraft(draft, startedFrom, latest.inForce),
      keptEdits: true,
      updatedElsewhere: latest.revision !== view?.revision,
    };
  }
  return { draft: latest.inForce, keptEdits: false, updatedElsewhere: false };
}

export const UPDATED_ELSEWHERE: EditorNotice = {
  tone: 'info',
  title: 'The mapping was updated elsewhere',
  text: 'A sync, another window or the command line changed it. Your unsaved edits are kept on top of the latest version.',
};

export function savedNotice(result: MappingSaveResult, confirmed: boolean): EditorNotice {
  return {
    tone: 'success',
    title: confirmed ? 'Mapping saved and confirmed' : 'Mapping saved',
    text: `${result.changes} row${result.changes === 1 ? '' : 's'} changed. It applies from the next sync${
      result.status.writeBackAllowed ? '.' : `; ${result.status.writeBackHeldReason ?? ''}`
    }`,
  };
}

export const CONFIRMED: EditorNotice = {
  tone: 'success',
  title: 'Mapping confirmed',
  text: 'Writes to the ATS are allowed from the next sync.',
};

export function importedNotice(fileName: string, preview: MappingImportPreview): EditorNotice {
  return {
    tone: 'info',
    title: `Loaded ${fileName}`,
    text: `${preview.changes} row${preview.changes === 1 ? '' : 's'} differ from the mapping in force. Review the changes below, then save to apply them.${
      preview.notes.length ? ` ${preview.notes.join(' ')}` : ''
    }`,
  };
}

/** A failure under `title`; with `issues`, the rows main refused are listed too. */
export function failureNotice(
  title: string,
  error: unknown,
  { issues = false }: { issues?: boolean } = {},
): EditorNotice {
  return {
    tone: 'danger',
    title,
    text: errorText(error),
    ...(issues && error instanceof ApiError && error.issues ? { issues: error.issues } : {}),
  };
}

/** Main refused a save because the mapping changed since the editor loaded it. */
export function isStaleRevision(error: unknown): boolean {
  return (
    error instanceof ApiError && error.code === 'CONFLICT' && /changed while/.test(error.message)
  );
}
