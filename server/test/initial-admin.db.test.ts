import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createTestApp, login } from './app.js';

describe('first administrator from the environment', () => {
  it('is created once, when no active administrator exists', async () => {
    const { app, services, database } = await createTestApp();
    const config = loadConfig({
      OPENFLUIDES_ADMIN_EMAIL: 'energie@univ.fr',
      OPENFLUIDES_ADMIN_PASSWORD: 'un-secret-assez-long',
    });
    expect(config.initialAdmin).toEqual({ email: 'energie@univ.fr', password: 'un-secret-assez-long' });

    expect(await services.access.ensureInitialAdmin('energie@univ.fr', 'un-secret-assez-long')).toBe(
      'created',
    );
    expect(await services.access.ensureInitialAdmin('autre@univ.fr', 'un-autre-secret-long')).toBe('exists');
    const admins = await database.db.selectFrom('users').select(['email', 'is_admin']).execute();
    expect(admins).toEqual([{ email: 'energie@univ.fr', is_admin: true }]);

    const client = await login(app, 'energie@univ.fr', 'un-secret-assez-long');
    expect((await client.request('GET', '/api/me')).json().user.isAdmin).toBe(true);
  });

  it('needs the e-mail and the password together', () => {
    expect(() => loadConfig({ OPENFLUIDES_ADMIN_EMAIL: 'energie@univ.fr' })).toThrow('must be set together');
  });
});
