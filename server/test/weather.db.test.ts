import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// Weather routes: degree days per period from daily Tn/Tx written here, normals, station coverage
// and the station of a building. Every expected value is worked out by hand in the comments.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
let bedford: string;
let normalsStation: string;

interface PeriodBody {
  label: string;
  degreeDays: number | null;
  daysPresent: number;
  days: number;
  completeness: number;
  meanTemperatureC: number | null;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { db } = testApp.database;
  estate = await seedEstate(db);
  admin = await login(testApp.app, estate.users.admin.email, estate.password);

  bedford = (
    await db
      .insertInto('weather_stations')
      .values({
        code: 'MIDAS-BEDFORD',
        name: 'Bedford (Met Office, Royaume-Uni)',
        latitude: 52.227,
        longitude: -0.465,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('weather_daily')
    .values([
      { station_id: bedford, local_date: '2024-01-01', tn_c: 2, tx_c: 8 },
      { station_id: bedford, local_date: '2024-01-02', tn_c: 10, tx_c: 20 },
      { station_id: bedford, local_date: '2024-01-03', tn_c: 16, tx_c: 24 },
      // 4 January has no row; 5 January's Tx is doubtful (Météo-France quality code 2).
      { station_id: bedford, local_date: '2024-01-05', tn_c: 4, tx_c: 6, tx_quality: '2' },
      { station_id: bedford, local_date: '2024-02-01', tn_c: -4, tx_c: 2 },
    ])
    .execute();

  // A second station with two complete years (2019, 2020) at Tn 6 °C, Tx 10 °C: 10 DJU a day.
  normalsStation = (
    await db
      .insertInto('weather_stations')
      .values({ code: 'NORMALES', name: 'Station des normales' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await sql`insert into weather_daily (station_id, local_date, tn_c, tx_c)
    select ${normalsStation}::bigint, day::date, 6, 10
    from generate_series('2019-01-01'::date, '2020-12-31'::date, interval '1 day') as day`.execute(db);
});

async function degreeDays(query: string) {
  const response = await admin.request('GET', `/api/weather/stations/${bedford}/degree-days?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: PeriodBody[]; total: PeriodBody };
}

describe('degree days of the Bedford station', () => {
  it('computes daily Météo-France values', async () => {
    const body = await degreeDays('from=2024-01-01&to=2024-01-06&step=day&method=meteo');
    // 1 Jan: 18 − (2 + 8)/2 = 13; 2 Jan: 18 − 15 = 3; 3 Jan: mean 20 > 18 → 0;
    // 4 Jan: no row; 5 Jan: doubtful Tx → missing.
    expect(body.items.map((item) => item.degreeDays)).toEqual([13, 3, 0, null, null]);
    expect(body.items.map((item) => item.label)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
    expect(body.items[0]?.meanTemperatureC).toBe(5);
    expect(body.total.degreeDays).toBe(16);
    expect(body.total.daysPresent).toBe(3);
    expect(body.total.completeness).toBeCloseTo(3 / 5, 12);
  });

  it('computes COSTIC values on mild days', async () => {
    const body = await degreeDays('from=2024-01-01&to=2024-01-04&step=day&method=costic');
    // 1 Jan: S ≥ Tx → 18 − 5 = 13. 2 Jan: (18 − 10)·(0.08 + 0.42·8/10) = 8 · 0.416 = 3.328.
    // 3 Jan: (18 − 16)·(0.08 + 0.42·2/8) = 2 · 0.185 = 0.37.
    expect(body.items[0]?.degreeDays).toBeCloseTo(13, 12);
    expect(body.items[1]?.degreeDays).toBeCloseTo(3.328, 12);
    expect(body.items[2]?.degreeDays).toBeCloseTo(0.37, 12);
  });

  it('computes cooling degree days', async () => {
    const body = await degreeDays('from=2024-01-03&to=2024-01-04&step=day&kind=cooling&method=meteo');
    // Mean 20 °C: 20 − 18 = 2.
    expect(body.items[0]?.degreeDays).toBe(2);
    const costic = await degreeDays('from=2024-01-03&to=2024-01-04&step=day&kind=cooling&method=costic');
    // (24 − 18)·(0.08 + 0.42·6/8) = 6 · 0.395 = 2.37.
    expect(costic.items[0]?.degreeDays).toBeCloseTo(2.37, 12);
  });

  it('takes the base temperature from the query', async () => {
    const body = await degreeDays('from=2024-01-01&to=2024-01-02&step=day&base=15');
    // 15 − 5 = 10.
    expect(body.items[0]?.degreeDays).toBe(10);
  });

  it('sums months with their completeness', async () => {
    const body = await degreeDays('from=2024-01-01&to=2024-03-01&step=month');
    // January: 13 + 3 + 0 over 3 of 31 days. February 2024 (29 days): 1 Feb, 18 − (−1) = 19.
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({ label: '2024-01', degreeDays: 16, daysPresent: 3, days: 31 });
    expect(body.items[0]?.completeness).toBeCloseTo(3 / 31, 12);
    expect(body.items[1]).toMatchObject({ label: '2024-02', degreeDays: 19, daysPresent: 1, days: 29 });
    expect(body.total.degreeDays).toBe(35);
  });

  it('clips periods to the range', async () => {
    const body = await degreeDays('from=2024-01-02&to=2024-02-02&step=year');
    // One year period from 2 January to 1 February: 3 + 0 + 19 = 22 over 31 days.
    expect(body.items).toEqual([
      expect.objectContaining({
        label: '2024',
        firstDate: '2024-01-02',
        lastDate: '2024-02-01',
        days: 31,
        degreeDays: 22,
      }),
    ]);
  });

  it('labels ISO weeks', async () => {
    const body = await degreeDays('from=2024-01-01&to=2024-01-15&step=week');
    // 1 January 2024 is a Monday: weeks 1 and 2.
    expect(body.items.map((item) => item.label)).toEqual(['2024-W01', '2024-W02']);
    expect(body.items[0]?.degreeDays).toBe(16);
    expect(body.items[1]?.degreeDays).toBeNull();
  });

  it('rejects a reversed range in French', async () => {
    const response = await admin.request(
      'GET',
      `/api/weather/stations/${bedford}/degree-days?from=2024-02-01&to=2024-01-01`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.to).toBe('la date de fin doit suivre la date de début');
  });

  it('answers 404 for an unknown station', async () => {
    const response = await admin.request(
      'GET',
      '/api/weather/stations/999999/degree-days?from=2024-01-01&to=2024-01-02',
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('station list', () => {
  it('gives the coverage of each station', async () => {
    const response = await admin.request('GET', '/api/weather/stations');
    expect(response.statusCode).toBe(200);
    const bedfordItem = (response.json() as { items: Record<string, unknown>[] }).items.find(
      (item) => item.code === 'MIDAS-BEDFORD',
    );
    // Usable days: 1, 2, 3 January and 1 February (5 January's Tx is doubtful).
    expect(bedfordItem).toMatchObject({
      firstDay: '2024-01-01',
      lastDay: '2024-02-01',
      daysPresent: 4,
      daysInRange: 32,
      hourlyCount: 0,
    });
  });

  it('needs a session', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/weather/stations' });
    expect(response.statusCode).toBe(401);
  });
});

describe('degree-day normals', () => {
  it('averages the complete years and says how many', async () => {
    const response = await admin.request(
      'GET',
      `/api/weather/stations/${normalsStation}/normals?firstYear=2019&lastYear=2021`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // 2019: 365 × 10 = 3650; 2020: 366 × 10 = 3660; mean 3655. 2021 has no data.
    expect(body.annual.value).toBe(3655);
    expect(body.annual.yearsUsed).toEqual([2019, 2020]);
    expect(body.yearsUsed).toBe(2);
    expect(body.yearsInPeriod).toBe(3);
    // February: 280 in 2019 and 290 in 2020.
    expect(body.monthly[1]).toEqual({ month: 2, value: 285, yearsUsed: [2019, 2020] });
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toContain('2 année(s) complète(s) sur 3');
  });

  it('defaults to 1991–2020', async () => {
    const response = await admin.request('GET', `/api/weather/stations/${normalsStation}/normals`);
    const body = response.json();
    expect(body.firstYear).toBe(1991);
    expect(body.lastYear).toBe(2020);
    expect(body.annual.yearsUsed).toEqual([2019, 2020]);
  });
});

describe('station of a building', () => {
  it('is set at configure level and audited', async () => {
    const n2Admin = await login(testApp.app, estate.users.n2Admin.email, estate.password);
    const response = await n2Admin.request('PATCH', `/api/buildings/${estate.buildings.n2}/weather-station`, {
      stationId: bedford,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().station.code).toBe('MIDAS-BEDFORD');
    const building = await testApp.database.db
      .selectFrom('buildings')
      .select('weather_station_id')
      .where('id', '=', estate.buildings.n2)
      .executeTakeFirstOrThrow();
    expect(building.weather_station_id).toBe(bedford);
    const audit = await testApp.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_id', '=', estate.buildings.n2)
      .where('action', '=', 'building.weather-station-changed')
      .execute();
    expect(audit).toEqual([{ action: 'building.weather-station-changed', user_id: estate.users.n2Admin.id }]);
  });

  it('counts the building for its station in the caller’s scope', async () => {
    const n2Admin = await login(testApp.app, estate.users.n2Admin.email, estate.password);
    const items = (await n2Admin.request('GET', '/api/weather/stations')).json().items as {
      code: string;
      buildingCount: number;
    }[];
    expect(items.find((item) => item.code === 'MIDAS-BEDFORD')?.buildingCount).toBe(1);
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const nobodyItems = (await nobody.request('GET', '/api/weather/stations')).json().items as {
      code: string;
      buildingCount: number;
    }[];
    expect(nobodyItems.find((item) => item.code === 'MIDAS-BEDFORD')?.buildingCount).toBe(0);
  });

  it('is forbidden below the configure level and hidden outside the scope', async () => {
    const sciences = await login(testApp.app, estate.users.sciences.email, estate.password);
    const belowLevel = await sciences.request(
      'PATCH',
      `/api/buildings/${estate.buildings.n1}/weather-station`,
      {
        stationId: bedford,
      },
    );
    expect(belowLevel.statusCode).toBe(403);
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const outside = await nobody.request('PATCH', `/api/buildings/${estate.buildings.n1}/weather-station`, {
      stationId: bedford,
    });
    expect(outside.statusCode).toBe(404);
  });

  it('rejects an unknown station', async () => {
    const response = await admin.request('PATCH', `/api/buildings/${estate.buildings.n1}/weather-station`, {
      stationId: '999999',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual({ stationId: 'not-found' });
  });

  it('is cleared with null', async () => {
    const response = await admin.request('PATCH', `/api/buildings/${estate.buildings.n2}/weather-station`, {
      stationId: null,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().station).toBeNull();
  });
});

describe('reading the station of a building', () => {
  it('returns the station at read level', async () => {
    const attach = await admin.request('PATCH', `/api/buildings/${estate.buildings.n3}/weather-station`, {
      stationId: bedford,
    });
    expect(attach.statusCode, attach.body).toBe(200);

    // reader.nord has only the read level on site NORD, which contains N3.
    const reader = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const response = await reader.request('GET', `/api/buildings/${estate.buildings.n3}/weather-station`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      buildingId: estate.buildings.n3,
      station: {
        id: bedford,
        code: 'MIDAS-BEDFORD',
        name: 'Bedford (Met Office, Royaume-Uni)',
        // The fixture leaves the source to its column default, an empty string.
        source: '',
        latitude: 52.227,
        longitude: -0.465,
        altitudeM: null,
      },
    });
  });

  it('returns null without a station', async () => {
    const response = await admin.request('GET', `/api/buildings/${estate.buildings.s2}/weather-station`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ buildingId: estate.buildings.s2, station: null });
  });

  it('hides buildings outside the scope', async () => {
    // reader.nord reads site NORD only, so S1 is unknown to them. The user « nobody » has no grant at all.
    const reader = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const outsideSite = await reader.request('GET', `/api/buildings/${estate.buildings.s1}/weather-station`);
    expect(outsideSite.statusCode).toBe(404);
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const noGrant = await nobody.request('GET', `/api/buildings/${estate.buildings.n3}/weather-station`);
    expect(noGrant.statusCode).toBe(404);
    const unknown = await admin.request('GET', '/api/buildings/999999/weather-station');
    expect(unknown.statusCode).toBe(404);
  });
});
