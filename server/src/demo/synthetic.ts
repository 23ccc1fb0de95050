import type { Database, Db } from '../db/database.js';
import { ingestReadings, type ReadingRow } from '../metering/readings-store.js';

/**
 * A synthetic estate at the size of the customer's (a French university): 177 buildings, 152
 * delivery points and 123 sub-meters read every 10 minutes. Everything derives from one seed, so
 * two runs with the same seed build the same estate and the same readings. It serves benchmarks
 * and load tests, never the demo: its figures are generated, not measured.
 */
export const SYNTHETIC_SIZES = {
  // The customer counts 184 heating modes over 177 buildings: 7 buildings also burn wood, so wood
  // is their second heating energy here.
  buildingsByHeating: { electricity: 21, gas: 78, district_heating: 77, fuel_oil: 1 },
  woodAlsoBuildings: 7,
  electricityPoints: 59,
  gasPoints: 50,
  inactiveGasPoints: 10,
  heatPoints: 43,
  heatSubmeters: 46,
  electricitySubmeters: 77,
} as const;

/** Segment of the synthetic delivery points: C4 electricity, T2 gas, none for heat. */
const SYNTHETIC_SEGMENTS = { electricity: 'C4', gas: 'T2', district_heating: null } as const;

const SITES = [
  'Campus principal',
  'Campus nord',
  'Campus santé',
  'Campus sud',
  'Site centre-ville',
  'Site de Valence',
];

/** Mulberry32: a small, fast, seedable generator with a 2^32 period, enough for test data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SyntheticRegister {
  registerId: string;
  kind: 'INDEX' | 'ENERGY' | 'POWER';
  energy: 'district_heating' | 'electricity';
  /** Sub-meter number, to give each meter its own size. */
  meterIndex: number;
}

export interface SyntheticEstate {
  buildingIds: string[];
  /** 10-minute sub-meter registers. */
  submeterRegisters: SyntheticRegister[];
  /** Daily consumption registers of the operator meters of active points. */
  pointRegisters: { registerId: string; energy: string; meanKWhPerDay: number }[];
}

async function insertReturningId(
  db: Db,
  table: 'sites' | 'buildings' | 'delivery_points' | 'meters' | 'registers',
  values: Record<string, unknown>,
): Promise<string> {
  const row = await db
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return (row as { id: string }).id;
}

/** Creates the synthetic estate's structure (no readings). The database must hold no site coded `SYN-*`. */
export async function createSyntheticEstate(db: Db, seed: number): Promise<SyntheticEstate> {
  const random = createRandom(seed);
  const siteIds: string[] = [];
  for (const [index, name] of SITES.entries()) {
    siteIds.push(
      await insertReturningId(db, 'sites', { code: `SYN-S${index + 1}`, name: `${name} (synthétique)` }),
    );
  }

  const buildings: { id: string; heating: string }[] = [];
  for (const [heating, count] of Object.entries(SYNTHETIC_SIZES.buildingsByHeating)) {
    for (let index = 0; index < count; index += 1) {
      const number = buildings.length + 1;
      const id = await insertReturningId(db, 'buildings', {
        site_id: siteIds[number % siteIds.length],
        code: `SYN-B${String(number).padStart(3, '0')}`,
        name: `Bâtiment synthétique ${number}`,
        floor_area_m2: Math.round(800 + random() * 12_000),
        main_heating_energy: heating,
        notes:
          heating === 'gas' && index < SYNTHETIC_SIZES.woodAlsoBuildings
            ? 'Bâtiment synthétique pour les mesures de performance ; chaufferie bois d’appoint.'
            : 'Bâtiment synthétique pour les mesures de performance.',
      });
      buildings.push({ id, heating });
    }
  }

  const pointRegisters: SyntheticEstate['pointRegisters'] = [];
  const addPoint = async (
    energy: 'electricity' | 'gas' | 'district_heating',
    number: number,
    served: string[],
    method: 'surface' | 'submeter',
    isActive: boolean,
  ) => {
    const identifier =
      energy === 'electricity'
        ? `9880000${String(number).padStart(7, '0')}`
        : energy === 'gas'
          ? `9900000${String(number).padStart(7, '0')}`
          : `SYN-SST-${number}`;
    const pointId = await insertReturningId(db, 'delivery_points', {
      identifier,
      energy,
      name: `Point synthétique ${identifier}`,
      segment: SYNTHETIC_SEGMENTS[energy],
      active_to: isActive ? null : '2021-06-30',
    });
    await db
      .insertInto('delivery_point_allocations')
      .values(
        served.map((buildingId) => ({
          delivery_point_id: pointId,
          building_id: buildingId,
          method,
          valid_to: isActive ? null : '2021-06-30',
        })),
      )
      .execute();
    const meterId = await insertReturningId(db, 'meters', {
      code: `SYN-${identifier}`,
      kind: 'operator',
      energy,
      delivery_point_id: pointId,
    });
    const registerId = await insertReturningId(db, 'registers', {
      meter_id: meterId,
      kind: 'ENERGY',
      unit: 'kWh',
      step: 'P1D',
      is_consumption: true,
    });
    if (isActive)
      pointRegisters.push({ registerId, energy, meanKWhPerDay: Math.round(500 + random() * 9_500) });
  };

  // Electricity: every building, three per point.
  for (let point = 0; point < SYNTHETIC_SIZES.electricityPoints; point += 1) {
    await addPoint(
      'electricity',
      point + 1,
      buildings.slice(point * 3, point * 3 + 3).map((building) => building.id),
      'surface',
      true,
    );
  }
  // Gas: the 78 gas-heated buildings share the 40 active points; 10 retired points served them before.
  const gasBuildings = buildings.filter((building) => building.heating === 'gas');
  const activeGasPoints = SYNTHETIC_SIZES.gasPoints - SYNTHETIC_SIZES.inactiveGasPoints;
  for (let point = 0; point < SYNTHETIC_SIZES.gasPoints; point += 1) {
    const isActive = point < activeGasPoints;
    const served = isActive
      ? gasBuildings.filter((_, index) => index % activeGasPoints === point)
      : [gasBuildings[point]?.id ?? ''].map((id) => ({ id }));
    await addPoint(
      'gas',
      point + 1,
      served.map((building) => building.id),
      'surface',
      isActive,
    );
  }
  // Heat: the 77 district-heated buildings on 43 substations, split by their own heat sub-meters.
  const heatBuildings = buildings.filter((building) => building.heating === 'district_heating');
  for (let point = 0; point < SYNTHETIC_SIZES.heatPoints; point += 1) {
    const served = heatBuildings
      .filter((_, index) => index % SYNTHETIC_SIZES.heatPoints === point)
      .map((building) => building.id);
    await addPoint('district_heating', point + 1, served, 'submeter', true);
  }

  const submeterRegisters: SyntheticRegister[] = [];
  const addSubmeter = async (
    energy: 'district_heating' | 'electricity',
    buildingId: string,
    number: number,
    kinds: ('INDEX' | 'ENERGY' | 'POWER')[],
  ) => {
    const meterId = await insertReturningId(db, 'meters', {
      code: `SYN-SUB-${number}`,
      kind: 'submeter',
      energy,
      building_id: buildingId,
    });
    for (const kind of kinds) {
      const registerId = await insertReturningId(db, 'registers', {
        meter_id: meterId,
        kind,
        unit: kind === 'POWER' ? 'kW' : 'kWh',
        step: 'PT10M',
        is_consumption: kind === 'ENERGY',
      });
      submeterRegisters.push({ registerId, kind, energy, meterIndex: number });
    }
  };
  for (let index = 0; index < SYNTHETIC_SIZES.heatSubmeters; index += 1) {
    await addSubmeter('district_heating', heatBuildings[index % heatBuildings.length]?.id ?? '', index + 1, [
      'INDEX',
      'POWER',
      'ENERGY',
    ]);
  }
  for (let index = 0; index < SYNTHETIC_SIZES.electricitySubmeters; index += 1) {
    await addSubmeter(
      'electricity',
      buildings[(index * 2) % buildings.length]?.id ?? '',
      SYNTHETIC_SIZES.heatSubmeters + index + 1,
      ['ENERGY', 'POWER'],
    );
  }
  return { buildingIds: buildings.map((building) => building.id), submeterRegisters, pointRegisters };
}

/** Synthetic outdoor temperature, °C: a yearly and a daily cycle around 11 °C. */
function outdoorTemperatureC(time: number): number {
  const dayOfYear = (time / 86_400_000) % 365.25;
  const hourOfDay = (time / 3_600_000) % 24;
  return (
    11 +
    9 * Math.sin((2 * Math.PI * (dayOfYear - 110)) / 365.25) +
    4 * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24)
  );
}

/** Mean power of one sub-meter over the 10 minutes from `time`, kW. */
function submeterPowerKw(register: SyntheticRegister, time: number, noise: number): number {
  const size = 20 + (register.meterIndex % 17) * 15;
  if (register.energy === 'district_heating') {
    return Math.max(0, size * 0.08 * Math.max(0, 16 - outdoorTemperatureC(time)) + noise * 2);
  }
  const date = new Date(time);
  const hour = date.getUTCHours();
  const isWorkingTime = date.getUTCDay() % 6 !== 0 && hour >= 7 && hour < 19;
  return size * (0.35 + (isWorkingTime ? 0.55 : 0)) + noise * 3;
}

/**
 * 10-minute readings of the sub-meter registers over [fromIso, toIso): mean power (kW), energy in
 * the interval (kWh) and the cumulative index (kWh) of the same generated curve.
 */
export function* generateSubmeterReadings(
  registers: SyntheticRegister[],
  fromIso: string,
  toIso: string,
  seed: number,
): Generator<ReadingRow> {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  for (const register of registers) {
    const random = createRandom(seed + register.meterIndex);
    let indexKWh = 10_000 * register.meterIndex;
    for (let time = from; time < to; time += 600_000) {
      const powerKw = submeterPowerKw(register, time, random() - 0.5);
      const energyKWh = powerKw / 6;
      indexKWh += energyKWh;
      const valueByKind = { POWER: powerKw, ENERGY: energyKWh, INDEX: indexKWh };
      const value = valueByKind[register.kind];
      yield {
        registerId: register.registerId,
        intervalStart: new Date(time),
        value: Math.round(value * 1000) / 1000,
        quality: 'measured',
      };
    }
  }
}

/** Daily readings of the delivery points' consumption registers, one per Paris day (stamped 23:00 UTC, close enough for load tests). */
export function* generatePointReadings(
  registers: SyntheticEstate['pointRegisters'],
  fromIso: string,
  days: number,
  seed: number,
): Generator<ReadingRow> {
  const from = Date.parse(fromIso);
  for (const [index, register] of registers.entries()) {
    const random = createRandom(seed * 31 + index);
    for (let day = 0; day < days; day += 1) {
      const time = from + day * 86_400_000;
      const seasonal =
        register.energy === 'electricity'
          ? 1
          : Math.max(0.1, (16 - outdoorTemperatureC(time + 12 * 3_600_000)) / 8);
      yield {
        registerId: register.registerId,
        intervalStart: new Date(time),
        value: Math.round(register.meanKWhPerDay * seasonal * (0.9 + 0.2 * random())),
        quality: 'measured',
      };
    }
  }
}

/** Sub-meter registers loaded per import transaction, about 1.3 million readings. */
const REGISTERS_PER_IMPORT = 24;

/**
 * Builds the synthetic estate with its readings: 2024 at 10 minutes for every sub-meter register
 * (about 15 million readings) and 2022–2024 daily for every active delivery point. Takes a few
 * minutes on two cores. Throws when the estate exists already.
 */
export async function loadSyntheticEstate(
  database: Database,
  seed: number,
): Promise<{ buildings: number; readingsStored: number }> {
  const existing = await database.db
    .selectFrom('sites')
    .select('id')
    .where('code', 'like', 'SYN-%')
    .executeTakeFirst();
  if (existing)
    throw new Error('The synthetic estate exists already in this database; use an empty database.');
  const estate = await database.db.transaction().execute((trx) => createSyntheticEstate(trx, seed));
  let readingsStored = 0;
  const client = await database.pool.connect();
  try {
    const registers = estate.submeterRegisters;
    for (let first = 0; first < registers.length; first += REGISTERS_PER_IMPORT) {
      const batch = registers.slice(first, first + REGISTERS_PER_IMPORT);
      readingsStored += (
        await ingestReadings(
          client,
          null,
          generateSubmeterReadings(batch, '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', seed),
        )
      ).stored;
    }
    readingsStored += (
      await ingestReadings(
        client,
        null,
        generatePointReadings(estate.pointRegisters, '2021-12-31T23:00:00Z', 1096, seed),
      )
    ).stored;
  } finally {
    client.release();
  }
  return { buildings: estate.buildingIds.length, readingsStored };
}
