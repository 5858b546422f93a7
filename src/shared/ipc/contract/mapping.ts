import { z } from 'zod';
import type {
  MappingExport,
  MappingImportPreview,
  MappingSaveResult,
  MappingStatus,
  MappingView,
} from '../../domain/mapping';
import { ConnectionId } from './connections';

export const Ref = z.string().min(1).max(600);

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
      /** Row keys that stay flagged "needs review" (an imported file's flags). */
      needsReview: z.array(Ref).max(10_000).optional(),
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
  'mapping:get': MappingView;
  'mapping:save': MappingSaveResult;
  'mapping:confirm': MappingStatus;
  /** The file's text; the renderer offers it as a download. */
  'mapping:export': MappingExport;
  'mapping:preview-import': MappingImportPreview;
}
