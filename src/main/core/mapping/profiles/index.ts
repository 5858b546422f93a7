import type { ProviderKind } from '../../../../shared/domain/connections';
import { ashbyProfile } from './ashby';
import { greenhouseProfile } from './greenhouse';
import { leverProfile } from './lever';
import type { MappingProfile } from './profile';

const PROFILES: Record<ProviderKind, MappingProfile> = {
  ashby: ashbyProfile,
  lever: leverProfile,
  greenhouse: greenhouseProfile,
};

/** The mapping's knowledge of one ATS, by the connection's provider kind. */
export function mappingProfile(kind: ProviderKind): MappingProfile {
  return PROFILES[kind];
}

export type { MappingProfile } from './profile';
