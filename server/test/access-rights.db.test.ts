import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// Access-rights tier: on a seeded estate, no API route returns or changes data outside the
// caller's scope, through lists, counts, search, exports or direct ids.

let testApp: TestApp;
let estate: EstateFixture;
const clients: Record<string, Client> = {};

type UserKey = 'admin' | 'readerNord' | 'sciences' | 'nordLettres' | 'n2Admin' | 'nobody';

/** Building codes each user must see, worked out by hand from the fixture's grants. */
const EXPECTED_CODES: Record<UserKey, string[]> = {
  admin: ['N1', 'N2', 'N3', 'S1', 'S2'],
  readerNord: ['N1', 'N2', 'N3'],
  sciences: ['N1', 'N2', 'S1'],
  nordLettres: ['N3'],
  n2Admin: ['N2'],
  nobody: [],
};

const USER_KEYS = Object.keys(EXPECTED_CODES) as UserKey[];

beforeAll(async () => {
  testApp = await createTestApp();
  estate = await seedEstate(testApp.database.db);
  for (const key of USER_KEYS) {
    clients[key] = await login(testApp.app, estate.users[key].email, estate.password);
  }
});

function client(key: UserKey): Client {
  const found = clients[key];
  if (!found) throw new Error(`No client for ${key}`);
  return found;
}

function idOf(code: string): string {
  return estate.buildings[code.toLowerCase() as keyof EstateFixture['buildings']];
}

describe('estate reads stay in scope', () => {
  it.each(USER_KEYS)('lists exactly the buildings of %s', async (key) => {
    const response = await client(key).request('GET', '/api/buildings?limit=500');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: { code: string }[]; total: number };
    expect(body.items.map((item) => item.code).sort()).toEqual(EXPECTED_CODES[key]);
    expect(body.total).toBe(EXPECTED_CODES[key].length);
  });

  it.each(USER_KEYS)('searches only inside the scope of %s', async (key) => {
    const response = await client(key).request('GET', '/api/buildings?q=Sud');
    const body = response.json() as { items: { code: string }[]; total: number };
    const expected = EXPECTED_CODES[key].filter((code) => code.startsWith('S'));
    expect(body.items.map((item) => item.code).sort()).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it.each(USER_KEYS)('answers 404 for each building outside the scope of %s', async (key) => {
    for (const code of EXPECTED_CODES.admin) {
      const response = await client(key).request('GET', `/api/buildings/${idOf(code)}`);
      expect(response.statusCode, `${key} reading ${code}`).toBe(
        EXPECTED_CODES[key].includes(code) ? 200 : 404,
      );
    }
  });

  it.each(USER_KEYS)('exports only the buildings of %s', async (key) => {
    const response = await client(key).request('GET', '/api/buildings/export.csv');
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Code;Nom;Site;Adresse;Surface de plancher (m²);Composantes');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(';')[0])
        .sort(),
    ).toEqual(EXPECTED_CODES[key]);
  });

  it.each(USER_KEYS)('counts per site only the buildings of %s', async (key) => {
    const response = await client(key).request('GET', '/api/sites');
    const body = response.json() as { items: { code: string; buildingCount: number }[] };
    const expected: Record<string, number> = {};
    for (const code of EXPECTED_CODES[key]) {
      const site = code.startsWith('N') ? 'NORD' : 'SUD';
      expected[site] = (expected[site] ?? 0) + 1;
    }
    expect(Object.fromEntries(body.items.map((site) => [site.code, site.buildingCount]))).toEqual(expected);
  });

  it('lists only units sharing a visible building', async () => {
    const lettres = (await client('nordLettres').request('GET', '/api/units')).json() as {
      items: { code: string }[];
    };
    expect(lettres.items.map((unit) => unit.code)).toEqual(['LET']);
    const n2 = (await client('n2Admin').request('GET', '/api/units')).json() as { items: { code: string }[] };
    expect(n2.items.map((unit) => unit.code)).toEqual(['CHIM']);
    const nobody = (await client('nobody').request('GET', '/api/units')).json() as { items: unknown[] };
    expect(nobody.items).toEqual([]);
  });
});

describe('levels reported to the web app', () => {
  it('gives the caller’s own level on each building', async () => {
    const levels = async (key: UserKey) =>
      Object.fromEntries(
        (
          (await client(key).request('GET', '/api/buildings')).json() as {
            items: { code: string; accessLevel: string }[];
          }
        ).items.map((item) => [item.code, item.accessLevel]),
      );
    expect(await levels('readerNord')).toEqual({ N1: 'read', N2: 'read', N3: 'read' });
    expect(await levels('sciences')).toEqual({ N1: 'write', N2: 'write', S1: 'write' });
    expect(await levels('n2Admin')).toEqual({ N2: 'administer' });
    expect((await levels('admin')).S2).toBe('administer');
  });

  it('lists the sites where the caller may create buildings', async () => {
    const sites = async (key: UserKey) =>
      (
        (await client(key).request('GET', '/api/sites/creatable')).json() as { items: { code: string }[] }
      ).items.map((site) => site.code);
    expect(await sites('admin')).toEqual(['NORD', 'SUD']);
    expect(await sites('readerNord')).toEqual([]);
    expect(await sites('n2Admin')).toEqual([]);
  });
});

describe('estate writes stay in scope and level', () => {
  it('rejects a change by a read-only user with 403', async () => {
    const response = await client('readerNord').request('PATCH', `/api/buildings/${estate.buildings.n1}`, {
      name: 'Piraté',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
    expect(response.json().error.params.level).toBe('write');
    expect(response.json().error.message).toContain('le niveau « écriture »');
  });

  it('answers 404 to a change outside the scope', async () => {
    const response = await client('sciences').request('PATCH', `/api/buildings/${estate.buildings.n3}`, {
      name: 'Piraté',
    });
    expect(response.statusCode).toBe(404);
  });

  it('accepts a change inside the scope at write level', async () => {
    const response = await client('sciences').request('PATCH', `/api/buildings/${estate.buildings.s1}`, {
      name: 'Sud 1 rénové',
      floorAreaM2: 1250.5,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Sud 1 rénové', floorAreaM2: 1250.5 });
  });

  it('leaves unchanged rows after refused changes', async () => {
    const n3 = await testApp.database.db
      .selectFrom('buildings')
      .select('name')
      .where('id', '=', estate.buildings.n3)
      .executeTakeFirstOrThrow();
    expect(n3.name).toBe('Nord 3');
    const n1 = await testApp.database.db
      .selectFrom('buildings')
      .select('name')
      .where('id', '=', estate.buildings.n1)
      .executeTakeFirstOrThrow();
    expect(n1.name).toBe('Nord 1');
  });

  it('rejects creation without configure level on the whole site', async () => {
    const body = { siteId: estate.sites.nord, code: 'N9', name: 'Nord 9' };
    expect((await client('readerNord').request('POST', '/api/buildings', body)).statusCode).toBe(403);
    expect((await client('sciences').request('POST', '/api/buildings', body)).statusCode).toBe(403);
    // Administer on one building does not open its whole site.
    expect((await client('n2Admin').request('POST', '/api/buildings', body)).statusCode).toBe(403);
  });

  it('rejects deletion below administer level', async () => {
    const response = await client('sciences').request('DELETE', `/api/buildings/${estate.buildings.n1}`);
    expect(response.statusCode).toBe(403);
  });

  it('answers 404 to deletion outside the scope even for a building administrator', async () => {
    const response = await client('n2Admin').request('DELETE', `/api/buildings/${estate.buildings.n1}`);
    expect(response.statusCode).toBe(404);
  });

  it('lets an administrator create a building', async () => {
    const response = await client('admin').request('POST', '/api/buildings', {
      siteId: estate.sites.sud,
      code: 'S9',
      name: 'Sud 9',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ code: 'S9', siteId: estate.sites.sud });
  });
});

/** Delivery points each user must see: a point is visible when one building it serves is. */
const EXPECTED_POINTS: Record<UserKey, ('n1' | 'shared')[]> = {
  admin: ['n1', 'shared'],
  readerNord: ['n1', 'shared'],
  sciences: ['n1', 'shared'],
  nordLettres: ['shared'],
  n2Admin: [],
  nobody: [],
};

/** Meters each user must see: operator meters through their point, sub-meters through their building. */
const EXPECTED_METERS: Record<UserKey, string[]> = {
  admin: ['CPT-N1', 'CPT-SHARED', 'SUB-N2'],
  readerNord: ['CPT-N1', 'CPT-SHARED', 'SUB-N2'],
  sciences: ['CPT-N1', 'CPT-SHARED', 'SUB-N2'],
  nordLettres: ['CPT-SHARED'],
  n2Admin: ['SUB-N2'],
  nobody: [],
};

describe('supply and metering stay in scope', () => {
  it('rejects a gas segment on an electricity point', async () => {
    const response = await client('admin').request(
      'PATCH',
      `/api/delivery-points/${estate.deliveryPoints.n1}`,
      { segment: 'T4' },
    );
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().error.fields)).toEqual(['segment']);
  });

  it('rejects a typed PRM of 4 digits instead of padding it', async () => {
    const response = await client('admin').request('POST', '/api/delivery-points', {
      identifier: '1234',
      energy: 'electricity',
      allocations: [{ buildingId: estate.buildings.s2, method: 'fixed', fractionPercent: 100 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.identifier).toContain('14 chiffres');
  });

  it.each(USER_KEYS)('lists exactly the delivery points of %s', async (key) => {
    const response = await client(key).request('GET', '/api/delivery-points');
    expect(response.statusCode).toBe(200);
    const ids = (response.json() as { items: { id: string }[] }).items.map((item) => item.id).sort();
    expect(ids).toEqual(EXPECTED_POINTS[key].map((point) => estate.deliveryPoints[point]).sort());
  });

  it.each(USER_KEYS)('answers 404 for each delivery point outside the scope of %s', async (key) => {
    for (const point of ['n1', 'shared'] as const) {
      const response = await client(key).request(
        'GET',
        `/api/delivery-points/${estate.deliveryPoints[point]}`,
      );
      expect(response.statusCode, `${key} reading ${point}`).toBe(
        EXPECTED_POINTS[key].includes(point) ? 200 : 404,
      );
    }
  });

  it('hides the buildings outside the scope from a shared point’s allocations', async () => {
    const response = await client('nordLettres').request(
      'GET',
      `/api/delivery-points/${estate.deliveryPoints.shared}`,
    );
    const allocations = (response.json() as { allocations: { buildingId: string }[] }).allocations;
    expect(allocations.map((allocation) => allocation.buildingId)).toEqual([estate.buildings.n3]);
  });

  it.each(USER_KEYS)('lists exactly the meters of %s', async (key) => {
    const response = await client(key).request('GET', '/api/meters');
    const codes = (response.json() as { items: { code: string }[] }).items.map((item) => item.code).sort();
    expect(codes).toEqual(EXPECTED_METERS[key]);
  });

  it('rejects a change to a point serving a building outside the writer’s scope', async () => {
    // sciences writes on N1, N2 and S1, but the shared point also serves N3.
    const shared = await client('sciences').request(
      'PATCH',
      `/api/delivery-points/${estate.deliveryPoints.shared}`,
      { supplier: 'Autre' },
    );
    expect(shared.statusCode).toBe(403);
    const own = await client('sciences').request(
      'PATCH',
      `/api/delivery-points/${estate.deliveryPoints.n1}`,
      { supplier: 'Fournisseur A' },
    );
    expect(own.statusCode).toBe(200);
    expect(own.json().supplier).toBe('Fournisseur A');
  });

  it('keeps readings and consumption behind the consumption feature', async () => {
    // readerNord's grant opens the estate feature only.
    const readings = await client('readerNord').request(
      'GET',
      `/api/registers/${estate.registers.n1}/readings?from=2024-01-01&to=2024-01-02`,
    );
    expect(readings.statusCode).toBe(404);
    const consumption = await client('readerNord').request(
      'GET',
      `/api/buildings/${estate.buildings.n1}/consumption?from=2024-01-01&to=2024-02-01`,
    );
    expect(consumption.statusCode).toBe(404);
    // sciences has every feature on N1.
    const allowed = await client('sciences').request(
      'GET',
      `/api/registers/${estate.registers.n1}/readings?from=2024-01-01&to=2024-01-02`,
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('answers 404 for readings and consumption outside the scope', async () => {
    const readings = await client('sciences').request(
      'GET',
      `/api/registers/${estate.registers.shared}/rollups?from=2024-01-01&to=2024-02-01`,
    );
    // The shared point serves S1, inside sciences's scope, so its register is readable.
    expect(readings.statusCode).toBe(200);
    const outside = await client('n2Admin').request(
      'GET',
      `/api/registers/${estate.registers.n1}/rollups?from=2024-01-01&to=2024-02-01`,
    );
    expect(outside.statusCode).toBe(404);
    const building = await client('n2Admin').request(
      'GET',
      `/api/buildings/${estate.buildings.n1}/consumption?from=2024-01-01&to=2024-02-01`,
    );
    expect(building.statusCode).toBe(404);
  });

  it('rejects meters and registers created outside the configure scope', async () => {
    const meter = await client('sciences').request('POST', '/api/meters', {
      code: 'SUB-N1',
      kind: 'submeter',
      energy: 'electricity',
      buildingId: estate.buildings.n1,
    });
    expect(meter.statusCode).toBe(403);
    const register = await client('readerNord').request('POST', `/api/meters/${estate.meters.n1}/registers`, {
      kind: 'POWER',
      step: 'PT10M',
    });
    expect(register.statusCode).toBe(403);
    const outside = await client('nordLettres').request('POST', `/api/meters/${estate.meters.n1}/registers`, {
      kind: 'POWER',
      step: 'PT10M',
    });
    expect(outside.statusCode).toBe(404);
    const allowed = await client('n2Admin').request('POST', `/api/meters/${estate.meters.n2Sub}/registers`, {
      kind: 'TEMPERATURE',
      step: 'PT1H',
    });
    expect(allowed.statusCode).toBe(201);
  });

  it('shows a register with its meter only inside the scope', async () => {
    const own = await client('n2Admin').request('GET', `/api/registers/${estate.registers.n2Sub}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ kind: 'ENERGY', meter: { code: 'SUB-N2' } });
    expect((await client('n2Admin').request('GET', `/api/registers/${estate.registers.n1}`)).statusCode).toBe(
      404,
    );
  });

  it('lists building shares only inside the scope', async () => {
    expect(
      (await client('nordLettres').request('GET', `/api/buildings/${estate.buildings.n3}/shares`)).statusCode,
    ).toBe(200);
    expect(
      (await client('nordLettres').request('GET', `/api/buildings/${estate.buildings.s1}/shares`)).statusCode,
    ).toBe(404);
  });

  it('rejects structure changes by non-administrators', async () => {
    expect(
      (await client('sciences').request('POST', '/api/sites', { code: 'EST', name: 'Campus Est' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await client('sciences').request('POST', '/api/units', {
          code: 'MED',
          name: 'Médecine',
          kind: 'faculty',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await client('sciences').request('POST', '/api/efas', {
          code: 'EFA1',
          name: 'EFA',
          buildings: [{ buildingId: estate.buildings.n1 }],
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('administration routes', () => {
  it('lists every documented route family under /api', () => {
    const paths = Object.keys(
      (testApp.app as unknown as { swagger(): { paths: Record<string, unknown> } }).swagger().paths,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/buildings',
        '/api/sites',
        '/api/units',
        '/api/me',
        '/api/admin/users',
        '/api/admin/grants',
      ]),
    );
  });

  it('answers 401 on every route but health and login without a session', async () => {
    const document = (
      testApp.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path === '/api/health' || path === '/api/auth/login') continue;
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{id\}/g, estate.buildings.n1);
        const response = await testApp.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          payload: method === 'get' ? undefined : {},
        });
        expect(response.statusCode, `${method.toUpperCase()} ${path}`).toBe(401);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('answers 403 on every administration route to non-administrators', async () => {
    const document = (
      testApp.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    const adminOperations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => ({ path, method: method.toUpperCase() as 'GET' })),
      );
    expect(adminOperations.length).toBeGreaterThanOrEqual(13);
    for (const key of ['readerNord', 'sciences', 'n2Admin', 'nobody'] as const) {
      for (const { path, method } of adminOperations) {
        const url = path.replace(/\{id\}/g, estate.users[key].id);
        const response = await client(key).request(method, url, method === 'GET' ? undefined : {});
        expect(response.statusCode, `${key} ${method} ${path}`).toBe(403);
      }
    }
  });

  it('refuses sign-in to a disabled account', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: estate.users.disabled.email, password: estate.password },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('account-disabled');
  });

  it('applies a revoked grant at once', async () => {
    const grants = (await client('admin').request('GET', '/api/admin/grants')).json() as {
      items: { id: string; userId: string | null }[];
    };
    const readerGrant = grants.items.find((grant) => grant.userId === estate.users.readerNord.id);
    expect(readerGrant).toBeDefined();
    const revoke = await client('admin').request('DELETE', `/api/admin/grants/${readerGrant?.id}`);
    expect(revoke.statusCode).toBe(204);
    const after = (await client('readerNord').request('GET', '/api/buildings')).json() as { total: number };
    expect(after.total).toBe(0);
  });

  it('records who changed what in the audit log', async () => {
    const audit = (await client('admin').request('GET', '/api/admin/audit?entityType=building')).json() as {
      items: { action: string; userEmail: string; entityId: string }[];
    };
    expect(audit.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'building.updated',
          userEmail: 'sciences@test.fr',
          entityId: estate.buildings.s1,
        }),
        expect.objectContaining({ action: 'building.created', userEmail: 'admin@test.fr' }),
      ]),
    );
    const grantAudit = (await client('admin').request('GET', '/api/admin/audit?entityType=grant')).json() as {
      items: { action: string }[];
    };
    expect(grantAudit.items.map((item) => item.action)).toContain('grant.deleted');
  });
});
