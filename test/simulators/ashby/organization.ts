import { DEPARTMENTS } from '../common/people';
import { LOCATIONS } from './catalog';
import type { Endpoint } from './endpoints';
import { idFor } from './ids';

/**
 * The organization's lookups: `location.list` and `department.list` (Organization: Read), which
 * name the `locationId` and `departmentId` a job carries. Both are small; the simulator answers
 * them in one page.
 */
const ORGANIZATION_READ = 'organization:read';
const CREATED = '2024-01-08T09:00:00.000Z';

export const ORGANIZATION_ENDPOINTS: Record<string, Endpoint> = {
  '/location.list': {
    scope: ORGANIZATION_READ,
    handle: (ctx) => ({
      results: LOCATIONS.map((name, index) => ({
        id: idFor(ctx.tenant.seed, 'location', index),
        name,
        externalName: name,
        isArchived: false,
        isRemote: name === 'Remote',
        workplaceType: name === 'Remote' ? 'Remote' : 'OnSite',
        parentLocationId: null,
        type: 'Location',
      })),
      moreDataAvailable: false,
    }),
  },
  '/department.list': {
    scope: ORGANIZATION_READ,
    handle: (ctx) => ({
      results: DEPARTMENTS.map((name, index) => ({
        id: idFor(ctx.tenant.seed, 'department', index),
        name,
        externalName: name,
        isArchived: false,
        parentId: null,
        createdAt: CREATED,
        updatedAt: CREATED,
      })),
      moreDataAvailable: false,
    }),
  },
};
