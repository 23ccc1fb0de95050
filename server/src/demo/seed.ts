import type { AccessService } from '../access/service.js';
import type { Db } from '../db/database.js';

/** Documented demo administrator, created by `openfluides serve --demo` (the `npm start` command). */
export const DEMO_ADMIN = {
  email: 'admin@demo.openfluides.fr',
  password: 'OpenFluides-demo',
  displayName: 'Administrateur démo',
} as const;

/**
 * The ten buildings of the University of Cambridge estate archive whose hourly electricity and gas
 * readings the archive publishes (github.com/EECi/Cambridge-Estates-Building-Energy-Archive, MIT
 * licence, © 2023 Energy Efficient Cities Initiative). It publishes anonymised ids only, so the
 * buildings carry no address or surface here.
 */
const DEMO_BUILDING_IDS = ['b2', 'b4', 'b25', 'b27', 'b35', 'b40', 'b57', 'b58', 'b111', 'b119'];

/** Creates the demo administrator and the demo estate when they are missing; running it again changes nothing. */
export async function seedDemo(db: Db, access: AccessService): Promise<{ adminCreated: boolean }> {
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

  const site = await db
    .insertInto('sites')
    .values({ code: 'UCAM', name: 'Université de Cambridge (archive ouverte)', city: 'Cambridge' })
    .onConflict((oc) => oc.column('code').doUpdateSet({ code: 'UCAM' }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('buildings')
    .values(
      DEMO_BUILDING_IDS.map((id) => ({
        site_id: site.id,
        code: `UCAM-${id.toUpperCase()}`,
        name: `Bâtiment ${id} (Cambridge)`,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return { adminCreated: !existing };
}
