import {
  KULA_STAGE_ROLES,
  type KulaStage,
  type KulaStageRole,
} from '../../../shared/domain/mapping';
import type { DB } from '../db/database';
import {
  countStageReferences,
  insertKulaStageRow,
  kulaStageIdExists,
  kulaStageNamedLike,
  listKulaStageRows,
  setKulaStageName,
  setKulaStagePositions,
} from '../db/repos/kula-stages';
import { ConsoleError } from '../errors';

/**
 * Kula's own pipeline: the workspace's ordered stages (migration 0300 seeds the default set).
 * Stage ids are fixed at creation, so renames never break a mapping or an exported file.
 */

/**
 * Tables that hold a Kula stage id, counted before a stage is removed. The Kula workspace
 * (candidates, queued moves) registers its own here; a table that does not exist yet counts 0.
 */
export const KULA_STAGE_REFERENCES: Array<{ table: string; column: string; label: string }> = [
  { table: 'kula_candidates', column: 'kula_stage_id', label: 'Kula candidates' },
];

export const KULA_STAGE_NAME_MAX = 60;

export function listKulaStages(db: DB): KulaStage[] {
  return listKulaStageRows(db).map((row) => ({
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : null,
    position: row.position,
    inUse: countUsage(db, row.id).total,
  }));
}

function isRole(value: string | null): value is KulaStageRole {
  return value !== null && (KULA_STAGE_ROLES as readonly string[]).includes(value);
}

export function rolesOf(stages: KulaStage[]): Map<KulaStageRole, string> {
  const roles = new Map<KulaStageRole, string>();
  for (const stage of stages) if (stage.role) roles.set(stage.role, stage.id);
  return roles;
}

export function countUsage(db: DB, stageId: string): { total: number; parts: string[] } {
  let total = 0;
  const parts: string[] = [];
  for (const reference of KULA_STAGE_REFERENCES) {
    const count = countStageReferences(db, reference, stageId);
    if (count === null) continue;
    if (count > 0) parts.push(`${count} ${reference.label}`);
    total += count;
  }
  return { total, parts };
}

/** Finds a stage by id, then by name (case-insensitive). */
export function findKulaStage(stages: KulaStage[], idOrName: string): KulaStage | undefined {
  const wanted = idOrName.trim();
  return (
    stages.find((stage) => stage.id === wanted) ??
    stages.find((stage) => stage.name.toLowerCase() === wanted.toLowerCase())
  );
}

export function requireKulaStage(db: DB, idOrName: string): KulaStage {
  const stage = findKulaStage(listKulaStages(db), idOrName);
  if (!stage) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no Kula stage "${idOrName}".`,
      'List the stages with `stages kula list` (or open Stage mapping → Kula pipeline) and use one of their ids or names.',
    );
  }
  return stage;
}

export function cleanStageName(db: DB, name: string, exceptId?: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new ConsoleError('BAD_INPUT', 'A stage needs a name.', 'Type a name.');
  if (clean.length > KULA_STAGE_NAME_MAX) {
    throw new ConsoleError(
      'BAD_INPUT',
      `Stage names can be at most ${KULA_STAGE_NAME_MAX} characters.`,
      'Use a shorter name.',
    );
  }
  const taken = kulaStageNamedLike(db, clean, exceptId ?? '');
  if (taken) {
    throw new ConsoleError(
      'CONFLICT',
      `There is already a Kula stage called "${clean}".`,
      'Choose another name.',
    );
  }
  return clean;
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return base || 'stage';
}

/** Inserts a stage after `afterId` (or at the end) and renumbers positions. */
export function insertKulaStage(
  db: DB,
  input: { name: string; afterId?: string | null; now: string },
): KulaStage {
  const name = cleanStageName(db, input.name);
  const base = slug(name);
  let id = base;
  for (let n = 2; kulaStageIdExists(db, id); n += 1) {
    id = `${base}_${n}`;
  }
  const order = listKulaStages(db).map((stage) => stage.id);
  const at = input.afterId ? order.indexOf(input.afterId) + 1 : order.length;
  if (input.afterId && at === 0) requireKulaStage(db, input.afterId);
  order.splice(at, 0, id);
  insertKulaStageRow(db, { id, name, position: at, now: input.now });
  setKulaStagePositions(db, order, input.now);
  return requireKulaStage(db, id);
}

export function renameKulaStageRow(db: DB, id: string, name: string, now: string): string {
  const clean = cleanStageName(db, name, id);
  setKulaStageName(db, id, clean, now);
  return clean;
}

/** Moves one stage to a 0-based position. */
export function moveKulaStageRow(db: DB, id: string, position: number, now: string): void {
  const order = listKulaStages(db).map((stage) => stage.id);
  const from = order.indexOf(id);
  order.splice(from, 1);
  order.splice(Math.max(0, Math.min(position, order.length)), 0, id);
  setKulaStagePositions(db, order, now);
}
