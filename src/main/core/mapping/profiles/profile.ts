import type { ProviderKind } from '../../../../shared/domain/connections';
import type {
  AtsCatalog,
  AtsPlanInfo,
  AtsSource,
  AtsTarget,
  KulaStage,
  KulaStageRole,
  MappingTables,
} from '../../../../shared/domain/mapping';
import type { CachedStage, CacheSnapshot } from '../snapshot';

/**
 * Everything the mapping knows about one ATS, behind one neutral interface chosen by the
 * connection's provider kind (profiles/index.ts). Nothing outside profiles/ names an ATS.
 */
export interface MappingProfile {
  readonly provider: ProviderKind;
  /** Writes wait until an admin has confirmed the mapping once (the console requires it for Lever). */
  readonly requiresConfirmation: boolean;
  /** Kula → ATS rules can be overridden per interview plan. */
  readonly perPlanOverrides: boolean;
  /** An archived application keeps a stage that still says where it is (Ashby's Archived stages). */
  readonly archivedUsesStageRow: boolean;
  /** The ATS → Kula rows for pipeline stages, in pipeline order. */
  stageSources(snapshot: CacheSnapshot): AtsSource[];
  /** The Kula → ATS options, with where each lands in every plan. */
  targets(snapshot: CacheSnapshot, plans: AtsPlanInfo[]): AtsTarget[];
  /** The ATS → Kula row an application in this stage is read through. */
  stageSourceRef(stage: CachedStage): string;
  /** Working defaults for an ATS without custom stages; rule rows only, no overrides. */
  defaults(input: DefaultsInput): MappingTables;
}

export interface DefaultsInput {
  snapshot: CacheSnapshot;
  catalog: AtsCatalog;
  kulaStages: KulaStage[];
  /** Kula stage id by role, for the default stages the admin still has. */
  roles: Map<KulaStageRole, string>;
}
