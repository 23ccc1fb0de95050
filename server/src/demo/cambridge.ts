import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/database.js';
import { ingestReadings, type ReadingRow } from '../metering/readings-store.js';

export const DATASET_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'datasets',
  'cambridge-estate',
);
export const DEMO_SITE_CODE = 'UCAM';
const WEATHER_FILE = 'bedford-uk_metoffice-midas_hourly_2018-2022.csv.gz';
const INVENTED =
  'Nom, usage, surface, coordonnées et identifiants de PDL fictifs : l’archive de Cambridge ne publie que des identifiants anonymes et les relevés horaires, qui sont réels.';

interface DemoBuilding {
  archiveId: string;
  name: string;
  activity: 'teaching' | 'research' | 'library' | 'sports' | 'offices' | 'housing' | 'technical' | 'mixed';
  floorAreaM2: number;
  constructionYear: number;
  latitude: number;
  longitude: number;
}

/** The demo's OPERAT entity: the administration pavilion and the gymnasium, whole. */
export const DEMO_EFA = {
  code: 'EFA-DEMO-ADM-SPORT',
  name: 'Administration et sports — campus démo',
  archiveIds: ['b4', 'b119'],
} as const;

/**
 * The ten archive buildings with invented descriptions. Floor areas were chosen so that yearly
 * electricity per m² stays in the range of university buildings of that use.
 */
const DEMO_BUILDINGS: DemoBuilding[] = [
  {
    archiveId: 'b2',
    name: 'Centre de calcul et laboratoires b2',
    activity: 'technical',
    floorAreaM2: 14_000,
    constructionYear: 1998,
    latitude: 52.2105,
    longitude: 0.0915,
  },
  {
    archiveId: 'b4',
    name: 'Pavillon administratif b4',
    activity: 'offices',
    floorAreaM2: 1_200,
    constructionYear: 1962,
    latitude: 52.2031,
    longitude: 0.1196,
  },
  {
    archiveId: 'b25',
    name: 'Bâtiment d’enseignement b25',
    activity: 'teaching',
    floorAreaM2: 3_500,
    constructionYear: 1975,
    latitude: 52.2001,
    longitude: 0.1168,
  },
  {
    archiveId: 'b27',
    name: 'Laboratoires de biologie b27',
    activity: 'research',
    floorAreaM2: 9_000,
    constructionYear: 1989,
    latitude: 52.1987,
    longitude: 0.1241,
  },
  {
    archiveId: 'b35',
    name: 'Laboratoires de chimie b35',
    activity: 'research',
    floorAreaM2: 12_000,
    constructionYear: 1981,
    latitude: 52.2089,
    longitude: 0.0887,
  },
  {
    archiveId: 'b40',
    name: 'Bâtiment mixte b40',
    activity: 'mixed',
    floorAreaM2: 7_000,
    constructionYear: 1970,
    latitude: 52.2045,
    longitude: 0.1102,
  },
  {
    archiveId: 'b57',
    name: 'Résidence étudiante b57',
    activity: 'housing',
    floorAreaM2: 2_000,
    constructionYear: 1968,
    latitude: 52.2112,
    longitude: 0.1057,
  },
  {
    archiveId: 'b58',
    name: 'Institut de recherche b58',
    activity: 'research',
    floorAreaM2: 15_000,
    constructionYear: 2006,
    latitude: 52.2121,
    longitude: 0.0941,
  },
  {
    archiveId: 'b111',
    name: 'Amphithéâtres et salles de cours b111',
    activity: 'teaching',
    floorAreaM2: 6_500,
    constructionYear: 1993,
    latitude: 52.1995,
    longitude: 0.1289,
  },
  {
    archiveId: 'b119',
    name: 'Gymnase b119',
    activity: 'sports',
    floorAreaM2: 2_800,
    constructionYear: 1979,
    latitude: 52.2063,
    longitude: 0.1323,
  },
];

/** Streams `(instant, value)` pairs from one of the gzipped hourly CSV files (UTC stamps). */
async function* readHourlyCsv(file: string): AsyncGenerator<{ instant: Date; values: number[] }> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(zlib.createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (lineNumber === 1 || line.trim() === '') continue;
    const [stamp, ...fields] = line.split(',');
    const instant = new Date(`${stamp?.replace(' ', 'T')}Z`);
    if (Number.isNaN(instant.getTime()))
      throw new Error(`${path.basename(file)} line ${lineNumber}: invalid timestamp "${stamp}"`);
    yield { instant, values: fields.map(Number) };
  }
}

async function* toReadings(file: string, registerId: string): AsyncGenerator<ReadingRow> {
  for await (const { instant, values } of readHourlyCsv(file)) {
    const value = values[0];
    yield {
      registerId,
      intervalStart: instant,
      value: value === undefined || Number.isNaN(value) ? null : value,
      quality: Number.isNaN(value) ? 'missing' : 'measured',
    };
  }
}

async function createSupply(
  db: Db,
  buildingId: string,
  number: number,
  energy: 'electricity' | 'gas',
  archiveId: string,
): Promise<string> {
  const identifier =
    energy === 'electricity'
      ? `988000000${String(number).padStart(5, '0')}`
      : `990000000${String(number).padStart(5, '0')}`;
  const point = await db
    .insertInto('delivery_points')
    .values({
      identifier,
      energy,
      name: `${energy === 'electricity' ? 'Électricité' : 'Gaz'} ${archiveId} (fictif)`,
      network_operator: 'Archive de Cambridge (démo)',
      segment: energy === 'electricity' ? 'C4' : 'T2',
      notes: INVENTED,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('delivery_point_allocations')
    .values({ delivery_point_id: point.id, building_id: buildingId, method: 'fixed', fraction: 1 })
    .execute();
  const meter = await db
    .insertInto('meters')
    .values({
      code: `UCAM-${archiveId.toUpperCase()}-${energy === 'electricity' ? 'ELEC' : 'GAZ'}`,
      name: `Compteur ${energy === 'electricity' ? 'électricité' : 'gaz'} ${archiveId}`,
      kind: 'operator',
      energy,
      delivery_point_id: point.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const register = await db
    .insertInto('registers')
    .values({
      meter_id: meter.id,
      kind: 'ENERGY',
      unit: 'kWh',
      step: 'PT1H',
      stamp: 'start',
      name: 'Énergie horaire',
      is_consumption: true,
      external_id: `ucam:${archiveId}:${energy}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return register.id;
}

async function loadWeather(db: Db): Promise<string> {
  const existing = await db
    .selectFrom('weather_stations')
    .select('id')
    .where('code', '=', 'MIDAS-BEDFORD')
    .executeTakeFirst();
  if (existing) return existing.id;
  const station = await db
    .insertInto('weather_stations')
    .values({
      code: 'MIDAS-BEDFORD',
      name: 'Bedford (Met Office, Royaume-Uni)',
      source: 'Met Office MIDAS Open, via l’archive de Cambridge',
      latitude: 52.227,
      longitude: -0.465,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let batch: {
    station_id: string;
    observed_at: Date;
    temperature_c: number;
    relative_humidity_pct: number;
    global_irradiance_w_m2: number;
  }[] = [];
  const flush = async () => {
    if (batch.length > 0)
      await db
        .insertInto('weather_hourly')
        .values(batch)
        .onConflict((oc) => oc.doNothing())
        .execute();
    batch = [];
  };
  for await (const { instant, values } of readHourlyCsv(path.join(DATASET_DIR, WEATHER_FILE))) {
    batch.push({
      station_id: station.id,
      observed_at: instant,
      temperature_c: values[0] ?? Number.NaN,
      relative_humidity_pct: values[1] ?? Number.NaN,
      global_irradiance_w_m2: values[2] ?? Number.NaN,
    });
    if (batch.length >= 4000) await flush();
  }
  await flush();
  // Daily extremes over UTC days, the civil day of a UK station in winter.
  await sql`insert into weather_daily (station_id, local_date, tn_c, tx_c, tntxm_c)
     select station_id, (observed_at at time zone 'UTC')::date, min(temperature_c), max(temperature_c),
       round(((min(temperature_c) + max(temperature_c)) / 2)::numeric, 2)::float8
     from weather_hourly where station_id = ${station.id} group by station_id, (observed_at at time zone 'UTC')::date`.execute(
    db,
  );
  return station.id;
}

const DEMO_IMPORT_KIND = 'demo-cambridge';

/**
 * Loads the demo estate from the Cambridge archive: ten buildings with an electricity and a gas
 * delivery point each, 2018–2022 hourly readings (876 480 values) and the Bedford weather.
 * Returns false when a previous load finished. A load stopped halfway resumes: the estate and the
 * weather are created in one transaction each, and storing readings again changes nothing.
 */
export async function loadCambridgeDemo(database: Database, logger: Logger): Promise<boolean> {
  const { db } = database;
  const finished = await db
    .selectFrom('import_runs')
    .select('id')
    .where('kind', '=', DEMO_IMPORT_KIND)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  if (finished) return false;
  const startedAt = performance.now();
  const run = await db
    .insertInto('import_runs')
    .values({ kind: DEMO_IMPORT_KIND, source: 'demo', file_name: 'datasets/cambridge-estate' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const stationId = await db.transaction().execute((trx) => loadWeather(trx));
  const registers = await db.transaction().execute((trx) => createEstate(trx, stationId));

  let stored = 0;
  const client = await database.pool.connect();
  try {
    for (const { registerId, file } of registers) {
      const counts = await ingestReadings(client, run.id, toReadings(file, registerId));
      stored += counts.stored;
    }
  } finally {
    client.release();
  }
  await db
    .updateTable('import_runs')
    .set({ status: 'succeeded', finished_at: new Date(), rows_read: stored, rows_stored: stored })
    .where('id', '=', run.id)
    .execute();
  logger.info(
    {
      buildings: DEMO_BUILDINGS.length,
      readingsStored: stored,
      durationMs: Math.round(performance.now() - startedAt),
    },
    'demo estate loaded',
  );
  return true;
}

/** Creates the demo site, buildings and supply unless a previous load did, and lists the registers to fill. */
async function createEstate(db: Db, stationId: string): Promise<{ registerId: string; file: string }[]> {
  const fileOf = (archiveId: string, energy: string) =>
    path.join(DATASET_DIR, `UCam_Building_${archiveId}_${energy}_2018-2022.csv.gz`);
  const existing = await db
    .selectFrom('sites')
    .select('id')
    .where('code', '=', DEMO_SITE_CODE)
    .executeTakeFirst();
  if (existing) {
    const rows = await db
      .selectFrom('registers')
      .select(['id', 'external_id'])
      .where('external_id', 'like', 'ucam:%')
      .execute();
    return rows.map((row) => {
      const [, archiveId, energy] = (row.external_id ?? '').split(':');
      return { registerId: row.id, file: fileOf(archiveId ?? '', energy ?? '') };
    });
  }
  const site = await db
    .insertInto('sites')
    .values({
      code: DEMO_SITE_CODE,
      name: 'Campus démo — université de Cambridge (relevés réels)',
      city: 'Cambridge (Royaume-Uni)',
      latitude: 52.205,
      longitude: 0.112,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const registers: { registerId: string; file: string }[] = [];
  const buildingIds = new Map<string, string>();
  for (const [index, building] of DEMO_BUILDINGS.entries()) {
    const row = await db
      .insertInto('buildings')
      .values({
        site_id: site.id,
        code: `UCAM-${building.archiveId.toUpperCase()}`,
        name: building.name,
        floor_area_m2: building.floorAreaM2,
        heated_area_m2: Math.round(building.floorAreaM2 * 0.9),
        construction_year: building.constructionYear,
        activity: building.activity,
        main_heating_energy: 'gas',
        latitude: building.latitude,
        longitude: building.longitude,
        weather_station_id: stationId,
        notes: INVENTED,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    buildingIds.set(building.archiveId, row.id);
    for (const energy of ['electricity', 'gas'] as const) {
      const registerId = await createSupply(db, row.id, index + 1, energy, building.archiveId);
      registers.push({ registerId, file: fileOf(building.archiveId, energy) });
    }
  }
  // One EFA, so that the Décret tertiaire trajectory shows from the first start. Its reference
  // year is left to the platform, which takes the most favourable complete year.
  const efa = await db
    .insertInto('efas')
    .values({ code: DEMO_EFA.code, name: DEMO_EFA.name, notes: INVENTED })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('efa_buildings')
    .values(
      DEMO_EFA.archiveIds.map((archiveId) => ({
        efa_id: efa.id,
        building_id: buildingIds.get(archiveId) as string,
        share: 1,
      })),
    )
    .execute();
  return registers;
}
