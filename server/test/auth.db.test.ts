import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../src/access/routes.js';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../src/access/service.js';
import { createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

let testApp: TestApp;
let estate: EstateFixture;

beforeAll(async () => {
  testApp = await createTestApp();
  estate = await seedEstate(testApp.database.db);
});

const loginRequest = (email: string, password: string, ip = '127.0.0.10') =>
  testApp.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('login', () => {
  it('sets an HTTP-only SameSite session cookie and returns the CSRF token', async () => {
    const response = await loginRequest(estate.users.readerNord.email, estate.password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((candidate) => candidate.name === 'of_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(response.json().csrfToken).toMatch(/^[\w-]{43}$/);
    expect(response.json().user.email).toBe('reader.nord@test.fr');
  });

  it('accepts the e-mail in another case', async () => {
    const response = await loginRequest('READER.Nord@Test.fr', estate.password);
    expect(response.statusCode).toBe(200);
  });

  it('stores only a hash of the session token', async () => {
    const response = await loginRequest(estate.users.sciences.email, estate.password);
    const token = response.cookies.find((candidate) => candidate.name === 'of_session')?.value ?? '';
    const rows = await testApp.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await loginRequest('personne@test.fr', 'un-mot-de-passe-faux', '10.0.0.1');
    const wrong = await loginRequest(estate.users.nobody.email, 'un-mot-de-passe-faux', '10.0.0.1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    expect(unknown.json().error.message).toContain('mot de passe incorrect');
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} failures`, async () => {
    const email = estate.users.n2Admin.email;
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt += 1) {
      expect((await loginRequest(email, 'mauvais-mot-de-passe', '10.0.0.2')).statusCode).toBe(401);
    }
    const locking = await loginRequest(email, 'mauvais-mot-de-passe', '10.0.0.2');
    expect(locking.statusCode).toBe(423);
    expect(locking.json().error.code).toBe('account-locked');
    // The instant stays ISO for the web app; the French message shows it as a Paris date and time.
    expect(locking.json().error.params.until).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(locking.json().error.message).toMatch(/Réessayez après \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // Even the right password is refused while the lock lasts.
    const rightPassword = await loginRequest(email, estate.password, '10.0.0.2');
    expect(rightPassword.statusCode).toBe(423);

    const row = await testApp.database.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', estate.users.n2Admin.id)
      .executeTakeFirstOrThrow();
    const lockMs = (row.locked_until?.getTime() ?? 0) - Date.now();
    expect(lockMs).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
    expect(lockMs).toBeLessThanOrEqual(LOCK_MINUTES * 60_000);
  });

  it('lets an administrator unlock an account', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const unlock = await admin.request('POST', `/api/admin/users/${estate.users.n2Admin.id}/unlock`);
    expect(unlock.statusCode).toBe(204);
    expect((await loginRequest(estate.users.n2Admin.email, estate.password, '10.0.0.2')).statusCode).toBe(
      200,
    );
  });

  it('rate-limits login attempts from one address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_ATTEMPTS_PER_MINUTE + 2; attempt += 1) {
      statuses.push((await loginRequest('personne@test.fr', 'un-mot-de-passe-faux', '10.0.0.99')).statusCode);
    }
    expect(LOGIN_ATTEMPTS_PER_MINUTE).toBe(30);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another address is not slowed down.
    expect((await loginRequest(estate.users.sciences.email, estate.password, '10.0.0.100')).statusCode).toBe(
      200,
    );
  });

  it('rejects a malformed body with field errors in French', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'x@y.fr' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation-failed');
    expect(response.json().error.message).toContain('Corrigez');
    expect(Object.keys(response.json().error.fields)).toContain('password');
  });
});

describe('session', () => {
  it('requires the CSRF header on state changes', async () => {
    const client = await login(testApp.app, estate.users.sciences.email, estate.password);
    const withoutHeader = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${estate.buildings.n1}`,
      headers: { cookie: client.cookie },
      payload: { name: 'Sans jeton' },
    });
    expect(withoutHeader.statusCode).toBe(403);
    expect(withoutHeader.json().error.code).toBe('csrf-failed');
    const wrongHeader = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${estate.buildings.n1}`,
      headers: { cookie: client.cookie, 'x-csrf-token': 'a'.repeat(43) },
      payload: { name: 'Mauvais jeton' },
    });
    expect(wrongHeader.statusCode).toBe(403);
    const name = await testApp.database.db
      .selectFrom('buildings')
      .select('name')
      .where('id', '=', estate.buildings.n1)
      .executeTakeFirstOrThrow();
    expect(name.name).toBe('Nord 1');
  });

  it('ends the session at logout', async () => {
    const client = await login(testApp.app, estate.users.nobody.email, estate.password);
    expect((await client.request('GET', '/api/me')).statusCode).toBe(200);
    expect((await client.request('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await client.request('GET', '/api/me')).statusCode).toBe(401);
  });

  it('rejects an expired session', async () => {
    const client = await login(testApp.app, estate.users.nobody.email, estate.password);
    await testApp.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', estate.users.nobody.id)
      .execute();
    const response = await client.request('GET', '/api/me');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('ends the sessions of a disabled account', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const victim = await login(testApp.app, estate.users.nordLettres.email, estate.password);
    const disable = await admin.request('PATCH', `/api/admin/users/${estate.users.nordLettres.id}`, {
      isActive: false,
    });
    expect(disable.statusCode).toBe(200);
    expect((await victim.request('GET', '/api/me')).statusCode).toBe(401);
  });
});

describe('own account', () => {
  it('signs in again while a session is still live, without a CSRF token', async () => {
    const first = await login(testApp.app, estate.users.sciences.email, estate.password);
    const again = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie },
      payload: { email: estate.users.sciences.email, password: estate.password },
      remoteAddress: '10.0.0.50',
    });
    expect(again.statusCode).toBe(200);
  });

  it('changes the interface language', async () => {
    const client = await login(testApp.app, estate.users.sciences.email, estate.password);
    expect((await client.request('PATCH', '/api/me', { locale: 'en' })).statusCode).toBe(204);
    expect((await client.request('GET', '/api/me')).json().user.locale).toBe('en');
    const rejected = await client.request('PATCH', '/api/me', { locale: 'de' });
    expect(rejected.statusCode).toBe(400);
    expect(Object.keys(rejected.json().error.fields)).toEqual(['locale']);
  });

  it('words validation errors in French', async () => {
    const client = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await client.request('POST', '/api/admin/users', {
      email: 'pas-une-adresse',
      displayName: 'X',
      password: 'mot-de-passe-valide',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.email).toMatch(/adresse|e-mail|invalide/i);
  });
});

describe('malformed requests', () => {
  it('answers 400 in French to a body that is not an object', async () => {
    const client = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${estate.buildings.n1}`,
      headers: {
        cookie: client.cookie,
        'x-csrf-token': client.csrfToken,
        'content-type': 'application/json',
      },
      payload: '[1,2]',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation-failed');
  });

  it('answers 400 to invalid JSON with a French field message', async () => {
    const client = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${estate.buildings.n1}`,
      headers: {
        cookie: client.cookie,
        'x-csrf-token': client.csrfToken,
        'content-type': 'application/json',
      },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.body).toBe('le corps de la requête n’est pas du JSON valide');
  });

  it('answers 400 to a NUL character in a search', async () => {
    const client = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await client.request('GET', '/api/buildings?q=a%00b');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation-failed');
  });
});

describe('password change', () => {
  it('rejects a wrong current password and a short new one', async () => {
    const client = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const wrong = await client.request('POST', '/api/me/password', {
      currentPassword: 'pas-le-bon-mot',
      newPassword: 'nouveau-mot-de-passe',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('password-incorrect');
    const short = await client.request('POST', '/api/me/password', {
      currentPassword: estate.password,
      newPassword: 'court',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('password-too-weak');
    expect(Object.keys(short.json().error.fields)).toEqual(['newPassword']);
    expect(short.json().error.message).toContain('12 caractères');
  });

  it('changes the password and ends the other sessions', async () => {
    const current = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const other = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const change = await current.request('POST', '/api/me/password', {
      currentPassword: estate.password,
      newPassword: 'un-nouveau-mot-de-passe',
    });
    expect(change.statusCode).toBe(204);
    expect((await current.request('GET', '/api/me')).statusCode).toBe(200);
    expect((await other.request('GET', '/api/me')).statusCode).toBe(401);
    expect((await loginRequest(estate.users.readerNord.email, estate.password, '10.0.0.3')).statusCode).toBe(
      401,
    );
    expect(
      (await loginRequest(estate.users.readerNord.email, 'un-nouveau-mot-de-passe', '10.0.0.3')).statusCode,
    ).toBe(200);
  });
});

describe('administrators', () => {
  it('cannot remove the last active administrator', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await admin.request('PATCH', `/api/admin/users/${estate.users.admin.id}`, {
      isAdmin: false,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('last-admin');
    expect(response.json().error.message).toContain('dernier administrateur actif');
  });

  it('creates an account with a hashed password and rejects a duplicate e-mail', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const created = await admin.request('POST', '/api/admin/users', {
      email: 'nouvelle.personne@test.fr',
      displayName: 'Nouvelle Personne',
      password: 'mot-de-passe-initial',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'nouvelle.personne@test.fr',
      isAdmin: false,
      isActive: true,
    });
    const row = await testApp.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'nouvelle.personne@test.fr')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const duplicate = await admin.request('POST', '/api/admin/users', {
      email: 'Nouvelle.Personne@test.fr',
      displayName: 'Doublon',
      password: 'mot-de-passe-initial',
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('grants through a group, and membership changes apply at once', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const group = await admin.request('POST', '/api/admin/groups', {
      name: 'Exploitation Sud',
      memberIds: [estate.users.nobody.id],
    });
    expect(group.statusCode).toBe(201);
    const grant = await admin.request('POST', '/api/admin/grants', {
      groupId: group.json().id,
      level: 'read',
      siteId: estate.sites.sud,
      features: ['estate'],
    });
    expect(grant.statusCode).toBe(201);
    const member = await login(testApp.app, estate.users.nobody.email, estate.password);
    const visible = (await member.request('GET', '/api/buildings')).json() as { items: { code: string }[] };
    expect(visible.items.map((item) => item.code).sort()).toEqual(['S1', 'S2']);
    const me = (await member.request('GET', '/api/me')).json();
    expect(me.maxLevelByFeature).toEqual({ estate: 'read' });

    await admin.request('PATCH', `/api/admin/groups/${group.json().id}`, { memberIds: [] });
    expect(((await member.request('GET', '/api/buildings')).json() as { total: number }).total).toBe(0);
  });

  it('rejects a grant naming both a group and a user', async () => {
    const admin = await login(testApp.app, estate.users.admin.email, estate.password);
    const response = await admin.request('POST', '/api/admin/grants', {
      groupId: '1',
      userId: estate.users.nobody.id,
      level: 'read',
      features: ['estate'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty('groupId');
  });
});

describe('health', () => {
  it('reports the database kind without a session', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: testApp.database.kind });
  });

  it('sends security headers', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers unknown API paths with a French not-found error', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not-found');
  });
});
