import type { Db } from '../src/db/database.js';
import type { RegisterKind, RegisterStep } from '../src/db/schema.js';

let counter = 0;

/** Creates a site, a building, an electricity delivery point and a meter, and returns the meter id. */
export async function createMeter(
  db: Db,
  overrides: { code?: string } = {},
): Promise<{ meterId: string; buildingId: string; deliveryPointId: string }> {
  counter += 1;
  const site = await db
    .insertInto('sites')
    .values({ code: `MS${counter}`, name: `Site ${counter}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const building = await db
    .insertInto('buildings')
    .values({ site_id: site.id, code: `MB${counter}`, name: `Bâtiment ${counter}`, floor_area_m2: 2000 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const point = await db
    .insertInto('delivery_points')
    .values({ identifier: String(98800000000000 + counter), energy: 'electricity', name: `PDL ${counter}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('delivery_point_allocations')
    .values({ delivery_point_id: point.id, building_id: building.id, method: 'fixed', fraction: 1 })
    .execute();
  const meter = await db
    .insertInto('meters')
    .values({
      code: overrides.code ?? `M${counter}`,
      kind: 'operator',
      energy: 'electricity',
      delivery_point_id: point.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meterId: meter.id, buildingId: building.id, deliveryPointId: point.id };
}

const UNIT_BY_KIND: Record<RegisterKind, string> = {
  INDEX: 'kWh',
  ENERGY: 'kWh',
  POWER: 'kW',
  VOLUME: 'm3',
  TEMPERATURE: 'degC',
};

export async function createRegister(
  db: Db,
  meterId: string,
  kind: RegisterKind,
  step: RegisterStep,
  options: { isConsumption?: boolean; rolloverKWh?: number } = {},
): Promise<string> {
  const row = await db
    .insertInto('registers')
    .values({
      meter_id: meterId,
      kind,
      unit: UNIT_BY_KIND[kind],
      step,
      is_consumption: options.isConsumption ?? false,
      rollover_kwh: options.rolloverKWh ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Instants every `stepMinutes` from `startIso` (inclusive) to `endIso` (exclusive). */
export function* instants(startIso: string, endIso: string, stepMinutes: number): Generator<Date> {
  for (let time = Date.parse(startIso); time < Date.parse(endIso); time += stepMinutes * 60_000)
    yield new Date(time);
}
