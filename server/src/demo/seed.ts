import type { Logger } from 'pino';
import type { AccessService } from '../access/service.js';
import type { Database } from '../db/database.js';
import { loadCambridgeDemo } from './cambridge.js';

/** Documented demo administrator, created by `openfluides serve --demo` (the `npm start` command). */
export const DEMO_ADMIN = {
  email: 'admin@demo.openfluides.fr',
  password: 'OpenFluides-demo',
  displayName: 'Administrateur démo',
} as const;

/** Creates the demo administrator and loads the demo estate when they are missing; running it again changes nothing. */
export async function seedDemo(
  database: Database,
  access: AccessService,
  logger: Logger,
): Promise<{ adminCreated: boolean; estateLoaded: boolean }> {
  const { db } = database;
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', DEMO_ADMIN.email))
    .executeTakeFirst();
  if (!existing) {
    await access.createUser(
      {
        email: DEMO_ADMIN.email,
        password: DEMO_ADMIN.password,
        displayName: DEMO_ADMIN.displayName,
        isAdmin: true,
      },
      { userId: null, email: 'system', ip: null, requestId: null },
    );
  }
  const estateLoaded = await loadCambridgeDemo(database, logger);
  return { adminCreated: !existing, estateLoaded };
}
