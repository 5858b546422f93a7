import { afterEach, describe, expect, it } from 'vitest';
import { connectionHealth } from '../../../../../src/main/core/health/health';
import {
  ASHBY_API_VERSION,
  ASHBY_NEXT_VERSION,
  type AshbyQuirks,
} from '../../../../simulators/ashby/quirks';
import { SCOPES } from '../../../../simulators/ashby/endpoints';
import { startAshbySimulator, type AshbySimulator } from '../../../../simulators/ashby/server';
import {
  ashbyFixture,
  cacheCounts,
  expectedCounts,
  type AshbyFixture,
} from '../../../../support/ashby';

/**
 * Where Ashby's documents leave a behaviour open, the simulator takes either reading and the
 * console must work with both: the presigned upload's answer and form fields, the API version a
 * key defaults to, how a job names its location and department, and whether listing
 * applications needs Offers: Read.
 */
let fixture: AshbyFixture | undefined;
let extra: AshbySimulator | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  await extra?.close();
  fixture = undefined;
  extra = undefined;
});

const signal = new AbortController().signal;

async function connected(quirks: Partial<AshbyQuirks>) {
  fixture = await ashbyFixture({ sim: { quirks } });
  return fixture;
}

describe('Ashby presigned resume upload', () => {
  const answers: AshbyQuirks['uploadSuccess'][] = ['204-empty', '200-empty', '200-json', '201-xml'];
  for (const uploadSuccess of answers) {
    for (const uploadFieldsLackContentType of [false, true]) {
      it(`succeeds when the storage answers ${uploadSuccess}${uploadFieldsLackContentType ? ', adding the Content-Type field the handle lacks' : ', keeping the handle’s own Content-Type'}`, async () => {
        const f = await connected({ uploadSuccess, uploadFieldsLackContentType });
        const person = f.sim.tenant.candidate(0)!;
        const { provider } = f.ctx.connections.openProvider(f.connectionId);
        const attached = await provider.writer!.attachResume(
          { candidateId: person.id, applicationId: null },
          { name: 'cv.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 cv') },
          signal,
        );
        provider.close?.();
        expect(attached.placement).toBe('resume');
        const upload = f.sim.requests.entries.find((entry) => entry.path.startsWith('/_uploads/'))!;
        expect(upload.status).toBe(Number(uploadSuccess.slice(0, 3)));
        const fields = (upload.body as { fields: string[] }).fields;
        expect(fields.filter((name) => name.toLowerCase() === 'content-type')).toHaveLength(1);
        expect(fields.at(-1)).toBe('file');
        expect(f.sim.tenant.candidateById(person.id)!.resume?.name).toBe('cv.pdf');
      });
    }
  }
});

describe('Ashby API version', () => {
  for (const defaultVersion of [ASHBY_API_VERSION, ASHBY_NEXT_VERSION]) {
    it(`reads every job when the key defaults to ${defaultVersion}, because the console pins ${ASHBY_API_VERSION}, and the health view shows it`, async () => {
      const f = await connected({ defaultVersion });
      if (defaultVersion === ASHBY_NEXT_VERSION) {
        // Without the pin, the later version's jobs are not what the mappers read.
        const raw = await fetch(`${f.sim.url}/job.list`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Basic ${Buffer.from(`${f.sim.keys.full}:`).toString('base64')}`,
          },
          body: '{}',
        });
        const { results } = (await raw.json()) as { results: Array<Record<string, unknown>> };
        expect(results[0]).not.toHaveProperty('title');
      }
      const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
      expect(run.status).toBe('succeeded');
      expect(cacheCounts(f.ctx, f.connectionId)).toEqual(expectedCounts(f.sim));
      expect(connectionHealth(f.ctx, f.connectionId).apiVersion).toEqual({
        pinned: ASHBY_API_VERSION,
        answered: ASHBY_API_VERSION,
        status: 'active',
      });
    });
  }
});

describe('Ashby job locations and departments', () => {
  for (const jobPlaceObjects of [false, true]) {
    it(`shows each job's location and department by name when jobs carry ${jobPlaceObjects ? 'named objects as well as' : 'only'} their ids`, async () => {
      const f = await connected({ jobPlaceObjects });
      await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
      const rows = f.ctx.db
        .prepare('SELECT remote_id, location, department FROM ats_jobs WHERE connection_id = ?')
        .all(f.connectionId) as Array<{ remote_id: string; location: string; department: string }>;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const job = f.sim.tenant.jobs.find((candidate) => candidate.id === row.remote_id)!;
        expect(row).toMatchObject({ location: job.location, department: job.department });
      }
      const lookups = f.sim.requests.entries.filter((entry) =>
        ['/location.list', '/department.list'].includes(entry.path),
      );
      expect(lookups).toHaveLength(jobPlaceObjects ? 0 : 2);
    });
  }
});

describe('Ashby application.list and Offers: Read', () => {
  const withoutOffers = {
    key: 'ashby-key-without-offers',
    title: 'Kula without Offers',
    scopes: Object.values(SCOPES).filter((scope) => scope !== SCOPES.offersRead),
    confidential: false,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  for (const applicationListNeedsOffers of [false, true]) {
    it(`${applicationListNeedsOffers ? 'names Offers: Read as missing and imports the rest' : 'imports applications and names nothing'} when application.list ${applicationListNeedsOffers ? 'needs' : 'does not need'} it`, async () => {
      extra = await startAshbySimulator({
        keys: [withoutOffers],
        quirks: { applicationListNeedsOffers },
      });
      fixture = await ashbyFixture({ connect: false });
      const { check, connection } = await fixture.ctx.connections.create({
        provider: 'ashby',
        baseUrl: extra.url,
        secret: { kind: 'api_key', apiKey: withoutOffers.key },
        storeCredential: true,
      });
      const offers = check.permissions.find((permission) => permission.name === 'offersRead');
      if (applicationListNeedsOffers) {
        expect(offers).toMatchObject({ label: 'Offers: Read', granted: false });
        expect(offers?.features.join(' ')).toMatch(/Import applications/);
      } else {
        expect(offers).toBeUndefined();
      }
      const run = await fixture.ctx.sync.run(connection.id, { trigger: 'initial-import' });
      if (applicationListNeedsOffers) {
        expect(run.message).toMatch(/Applications skipped: .*“Offers: Read”/);
      } else {
        expect(run.status).toBe('succeeded');
      }
      const applications = fixture.ctx.db
        .prepare('SELECT count(*) AS n FROM ats_applications WHERE connection_id = ?')
        .get(connection.id) as { n: number };
      expect(applications.n > 0).toBe(!applicationListNeedsOffers);
    });
  }
});
