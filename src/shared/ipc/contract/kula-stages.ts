import { z } from 'zod';
import type { KulaStage } from '../../domain/mapping';
import { NoInput } from './common';
import { Ref } from './mapping';

const StageName = z.string().min(1, 'Type a name.').max(60, 'Use at most 60 characters.');

export const kulaStagesSchemas = {
  'kula-stages:list': NoInput,
  'kula-stages:add': z.object({ name: StageName, after: Ref.nullable().optional() }).strict(),
  'kula-stages:rename': z.object({ id: Ref, name: StageName }).strict(),
  'kula-stages:reorder': z.object({ ids: z.array(Ref).min(1).max(500) }).strict(),
  'kula-stages:remove': z.object({ id: Ref }).strict(),
} as const;

export interface KulaStagesOutputs {
  'kula-stages:list': KulaStage[];
  'kula-stages:add': KulaStage;
  'kula-stages:rename': KulaStage;
  'kula-stages:reorder': KulaStage[];
  'kula-stages:remove': { removed: KulaStage; unmappedRows: number };
}
