import { hashPassword } from '../src/access/password.js';
import type { Db } from '../src/db/database.js';

/**
 * A small estate with two campuses, two faculties (one with a laboratory) and users whose grants
 * cross the geographic and functional scopes:
 *
 *   site NORD: N1 (share: faculté des sciences), N2 (labo chimie, child of sciences), N3 (lettres)
 *   site SUD:  S1 (sciences 50 % + lettres 50 %), S2 (no unit)
 *
 *   reader.nord    read on site NORD, every unit          → N1 N2 N3
 *   sciences       write on the whole estate, unit sciences → N1 N2 S1
 *   nord.lettres   read on site NORD, unit lettres  (group) → N3
 *   b2.admin       administer on building N2 only         → N2
 *   nobody         no grant                                → none
 *   disabled       administrator flag but inactive        → none
 */
export interface EstateFixture {
  sites: Record<'nord' | 'sud', string>;
  buildings: Record<'n1' | 'n2' | 'n3' | 's1' | 's2', string>;
  units: Record<'sciences' | 'chimie' | 'lettres', string>;
  users: Record<
    'admin' | 'readerNord' | 'sciences' | 'nordLettres' | 'n2Admin' | 'nobody' | 'disabled',
    { id: string; email: string }
  >;
  password: string;
}

export const FIXTURE_PASSWORD = 'mot-de-passe-de-test';

export async function seedEstate(db: Db): Promise<EstateFixture> {
  const insertSite = async (code: string, name: string) =>
    (await db.insertInto('sites').values({ code, name }).returning('id').executeTakeFirstOrThrow()).id;
  const sites = { nord: await insertSite('NORD', 'Campus Nord'), sud: await insertSite('SUD', 'Campus Sud') };

  const insertUnit = async (
    code: string,
    name: string,
    kind: 'faculty' | 'laboratory',
    parentId: string | null,
  ) =>
    (
      await db
        .insertInto('functional_units')
        .values({ code, name, kind, parent_id: parentId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const sciences = await insertUnit('SCI', 'Faculté des sciences', 'faculty', null);
  const units = {
    sciences,
    chimie: await insertUnit('CHIM', 'Laboratoire de chimie', 'laboratory', sciences),
    lettres: await insertUnit('LET', 'Faculté des lettres', 'faculty', null),
  };

  const insertBuilding = async (siteId: string, code: string, name: string) =>
    (
      await db
        .insertInto('buildings')
        .values({ site_id: siteId, code, name, floor_area_m2: 1000 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const buildings = {
    n1: await insertBuilding(sites.nord, 'N1', 'Nord 1'),
    n2: await insertBuilding(sites.nord, 'N2', 'Nord 2'),
    n3: await insertBuilding(sites.nord, 'N3', 'Nord 3'),
    s1: await insertBuilding(sites.sud, 'S1', 'Sud 1'),
    s2: await insertBuilding(sites.sud, 'S2', 'Sud 2'),
  };
  await db
    .insertInto('building_unit_shares')
    .values([
      { building_id: buildings.n1, unit_id: units.sciences, share: 1 },
      { building_id: buildings.n2, unit_id: units.chimie, share: 1 },
      { building_id: buildings.n3, unit_id: units.lettres, share: 1 },
      { building_id: buildings.s1, unit_id: units.sciences, share: 0.5 },
      { building_id: buildings.s1, unit_id: units.lettres, share: 0.5 },
    ])
    .execute();

  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const insertUser = async (email: string, options: { isAdmin?: boolean; isActive?: boolean } = {}) => {
    const { id } = await db
      .insertInto('users')
      .values({
        email,
        display_name: email.split('@')[0] ?? email,
        password_hash: passwordHash,
        is_admin: options.isAdmin ?? false,
        is_active: options.isActive ?? true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, email };
  };
  const users = {
    admin: await insertUser('admin@test.fr', { isAdmin: true }),
    readerNord: await insertUser('reader.nord@test.fr'),
    sciences: await insertUser('sciences@test.fr'),
    nordLettres: await insertUser('nord.lettres@test.fr'),
    n2Admin: await insertUser('n2.admin@test.fr'),
    nobody: await insertUser('nobody@test.fr'),
    disabled: await insertUser('disabled@test.fr', { isAdmin: true, isActive: false }),
  };

  const group = (
    await db
      .insertInto('user_groups')
      .values({ name: 'Lettres Nord' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('group_members').values({ group_id: group, user_id: users.nordLettres.id }).execute();

  await db
    .insertInto('grants')
    .values([
      { user_id: users.readerNord.id, level: 1, site_id: sites.nord, features: ['estate'] },
      { user_id: users.sciences.id, level: 2, unit_id: units.sciences, features: ['*'] },
      { group_id: group, level: 1, site_id: sites.nord, unit_id: units.lettres, features: ['estate'] },
      { user_id: users.n2Admin.id, level: 4, building_id: buildings.n2, features: ['estate'] },
    ])
    .execute();

  const insertPoint = async (identifier: string, energy: 'electricity' | 'gas') =>
    (
      await db
        .insertInto('delivery_points')
        .values({ identifier, energy, name: identifier })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const deliveryPoints = {
    n1: await insertPoint('98800000000011', 'electricity'),
    shared: await insertPoint('99000000000012', 'gas'),
  };
  await db
    .insertInto('delivery_point_allocations')
    .values([
      { delivery_point_id: deliveryPoints.n1, building_id: buildings.n1, method: 'fixed', fraction: 1 },
      { delivery_point_id: deliveryPoints.shared, building_id: buildings.n3, method: 'surface' },
      { delivery_point_id: deliveryPoints.shared, building_id: buildings.s1, method: 'surface' },
    ])
    .execute();
  const insertMeter = async (
    code: string,
    values: {
      kind: 'operator' | 'submeter';
      energy: 'electricity' | 'gas' | 'district_heating';
      delivery_point_id?: string;
      building_id?: string;
    },
  ) =>
    (
      await db
        .insertInto('meters')
        .values({ code, ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const meters = {
    n1: await insertMeter('CPT-N1', {
      kind: 'operator',
      energy: 'electricity',
      delivery_point_id: deliveryPoints.n1,
    }),
    shared: await insertMeter('CPT-SHARED', {
      kind: 'operator',
      energy: 'gas',
      delivery_point_id: deliveryPoints.shared,
    }),
    n2Sub: await insertMeter('SUB-N2', {
      kind: 'submeter',
      energy: 'district_heating',
      building_id: buildings.n2,
    }),
  };
  const insertRegister = async (meterId: string) =>
    (
      await db
        .insertInto('registers')
        .values({ meter_id: meterId, kind: 'ENERGY', unit: 'kWh', step: 'PT1H', is_consumption: true })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const registers = {
    n1: await insertRegister(meters.n1),
    shared: await insertRegister(meters.shared),
    n2Sub: await insertRegister(meters.n2Sub),
  };

  return { sites, buildings, units, users, deliveryPoints, meters, registers, password: FIXTURE_PASSWORD };
}
