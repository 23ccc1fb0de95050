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

describe('estate writes stay in scope and level', () => {
  it('rejects a change by a read-only user with 403', async () => {
    const response = await client('readerNord').request('PATCH', `/api/buildings/${estate.buildings.n1}`, {
      name: 'Piraté',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
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
