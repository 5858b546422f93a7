import { z } from 'zod';
import type {
  KulaStage,
  MappingExport,
  MappingImportPreview,
  MappingSaveResult,
  MappingStatus,
  MappingView,
} from '../../domain/mapping';
import { NoInput } from './app';
import { ConnectionId } from './connections';

const Ref = z.string().min(1).max(600);
const StageName = z.string().min(1, 'Type a name.').max(60, 'Use at most 60 characters.');

const AtsToKulaTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('stage'), kulaStageId: Ref }).strict(),
    z.object({ kind: z.literal('unchanged') }).strict(),
  ])
  .nullable();

const KulaToAtsTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('move'), atsRef: Ref, archiveReasonId: Ref.nullable() }).strict(),
    z.object({ kind: z.literal('none') }).strict(),
  ])
  .nullable();

export const MappingTablesSchema = z
  .object({
    atsToKula: z.array(z.object({ atsRef: Ref, target: AtsToKulaTargetSchema }).strict()).max(5000),
    kulaToAts: z
      .array(
        z
          .object({ kulaStageId: Ref, planId: Ref.nullable(), target: KulaToAtsTargetSchema })
          .strict(),
      )
      .max(5000),
  })
  .strict();

export const mappingSchemas = {
  'kula-stages:list': NoInput,
  'kula-stages:add': z.object({ name: StageName, after: Ref.nullable().optional() }).strict(),
  'kula-stages:rename': z.object({ id: Ref, name: StageName }).strict(),
  'kula-stages:reorder': z.object({ ids: z.array(Ref).min(1).max(500) }).strict(),
  'kula-stages:remove': z.object({ id: Ref }).strict(),
  'mapping:get': z.object({ connectionId: ConnectionId }).strict(),
  'mapping:save': z
    .object({
      connectionId: ConnectionId,
      tables: MappingTablesSchema,
      baseRevision: z.number().int().min(0),
      source: z.enum(['editor', 'reset', 'import']),
      confirm: z.boolean().optional(),
      /** e.g. the imported file's name, for the audit trail. */
      note: z.string().max(200).optional(),
    })
    .strict(),
  'mapping:confirm': z.object({ connectionId: ConnectionId }).strict(),
  'mapping:export': z.object({ connectionId: ConnectionId }).strict(),
  /** The renderer reads the file the admin picked and sends its text; nothing is applied. */
  'mapping:preview-import': z
    .object({ connectionId: ConnectionId, text: z.string().max(2_000_000) })
    .strict(),
} as const;

export interface MappingOutputs {
  'kula-stages:list': KulaStage[];
  'kula-stages:add': KulaStage;
  'kula-stages:rename': KulaStage;
  'kula-stages:reorder': KulaStage[];
  'kula-stages:remove': { removed: KulaStage; unmappedRows: number };
  'mapping:get': MappingView;
  'mapping:save': MappingSaveResult;
  'mapping:confirm': MappingStatus;
  /** The file's text; the renderer offers it as a download. */
  'mapping:export': MappingExport;
  'mapping:preview-import': MappingImportPreview;
}
