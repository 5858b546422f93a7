import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type { MappingStatus } from '../../../shared/domain/mapping';
import type { DB } from '../db/database';
import { getMappingState, type MappingStateRow } from '../db/repos/stage-mapping';
import { requireConnection } from './current';
import { mappingProfile, type MappingProfile } from './profiles';

/**
 * Where a connection's mapping stands: who reviewed and confirmed it, and whether the console may
 * write to the ATS yet (an ATS that requires a confirmed mapping waits for one).
 */
export function mappingStatus(
  profile: MappingProfile,
  state: MappingStateRow | undefined,
): MappingStatus {
  const held = profile.requiresConfirmation && !state?.confirmed_at;
  const ats = PROVIDER_LABELS[profile.provider];
  return {
    reviewedAt: state?.reviewed_at ?? null,
    reviewedBy: state?.reviewed_by ?? null,
    requiresConfirmation: profile.requiresConfirmation,
    confirmedAt: state?.confirmed_at ?? null,
    confirmedBy: state?.confirmed_by ?? null,
    writeBackAllowed: !held,
    writeBackHeldReason: held
      ? `Writes to ${ats} are on hold until an admin confirms the stage mapping (${ats} requires it before any write).`
      : null,
  };
}

/** For the write-back engine: may the console write to this connection's ATS at all? */
export function isWriteBackAllowed(
  db: DB,
  connectionId: string,
): { allowed: boolean; reason: string | null } {
  const connection = requireConnection(db, connectionId);
  const status = mappingStatus(
    mappingProfile(connection.provider),
    getMappingState(db, connectionId),
  );
  return { allowed: status.writeBackAllowed, reason: status.writeBackHeldReason };
}
