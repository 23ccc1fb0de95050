import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseBmsCsv } from './bms.js';

// Hourly files of the Cambridge estate archive: `datetime` in UTC, read as the start of the hour.
const DATASET = path.resolve(import.meta.dirname, '..', '..', '..', 'datasets', 'cambridge-estate');

function gunzipped(fileName: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(path.join(DATASET, fileName))));
}

describe('Cambridge hourly electricity', () => {
  const fileName = 'UCam_Building_b58_electricity_2018-2022.csv';
  const bytes = gunzipped(`${fileName}.gz`);
  const result = parseBmsCsv(
    { fileName, bytes },
    {
      layout: 'wide',
      timestamp: { column: 'datetime' },
      timeZone: 'UTC',
      timestampMeaning: 'start',
      stepMinutes: 60,
      points: [
        { source: 'equipment load [kWh]', externalId: 'UCAM-B58-ELEC', measure: 'ENERGY', unit: 'kWh' },
      ],
    },
  );

  it('reads every hour of five years', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    // 2018-2022 contains one leap year: (4 × 365 + 366) × 24 = 43 824 hours.
    expect(result.recordsRead).toBe(43_824);
    expect(result.readings).toHaveLength(43_824);
  });

  it('reads the first and last rows', () => {
    expect(result.readings[0]).toMatchObject({
      value: 279.5,
      stepSeconds: 3600,
      quality: 'measured',
      measure: 'ENERGY',
    });
    expect(result.readings[0]?.start.toISOString()).toBe('2018-01-01T00:00:00.000Z');
    expect(result.readings[1]?.value).toBe(553.1);
    expect(result.readings[43_823]?.value).toBe(697.9);
    expect(result.readings[43_823]?.start.toISOString()).toBe('2022-12-31T23:00:00.000Z');
    expect(result.readings[43_823]?.location.line).toBe(43_825);
  });

  it('matches the published 2019 total', () => {
    const from = Date.parse('2019-01-01T00:00:00Z');
    const to = Date.parse('2020-01-01T00:00:00Z');
    const year = result.readings.filter(
      (reading) => reading.start.getTime() >= from && reading.start.getTime() < to,
    );
    expect(year).toHaveLength(8760);
    const parsedKwh = year.reduce((sum, reading) => sum + (reading.value ?? 0), 0);

    // The data set's curators publish 5570 MWh of electricity for b58 in 2019, rounded to the MWh.
    expect(Math.abs(parsedKwh / 1000 - 5570)).toBeLessThanOrEqual(0.5);

    // Second reference from the raw text with a plain split loop, sharing no code with the parser.
    let rawKwh = 0;
    for (const line of new TextDecoder().decode(bytes).split('\n')) {
      if (line.startsWith('2019-')) rawKwh += Number(line.split(',')[1]);
    }
    expect(parsedKwh).toBeCloseTo(rawKwh, 6);
  });
});

describe('Bedford hourly weather', () => {
  const fileName = 'bedford-uk_metoffice-midas_hourly_2018-2022.csv';
  const result = parseBmsCsv(
    { fileName, bytes: gunzipped(`${fileName}.gz`) },
    {
      layout: 'wide',
      timestamp: { column: 'datetime' },
      timeZone: 'UTC',
      timestampMeaning: 'start',
      points: [
        {
          target: 'weather',
          source: 'air_temperature [degC]',
          stationCode: 'MIDAS-BEDFORD',
          quantity: 'temperature',
        },
        { target: 'weather', source: 'rltv_hum [%]', stationCode: 'MIDAS-BEDFORD', quantity: 'humidity' },
        {
          target: 'weather',
          source: 'glbl_irad_amt [W/m2]',
          stationCode: 'MIDAS-BEDFORD',
          quantity: 'irradiance',
        },
      ],
    },
  );

  it('returns one hourly record per row', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.readings).toEqual([]);
    expect(result.weatherHourly).toHaveLength(43_824);
  });

  it('reads the first and last rows', () => {
    expect(result.weatherHourly[0]).toEqual({
      stationCode: 'MIDAS-BEDFORD',
      observedAt: new Date('2018-01-01T00:00:00Z'),
      temperatureC: 5.8,
      relativeHumidityPct: 83.2,
      globalIrradianceWm2: 0,
      location: { file: fileName, line: 2, element: null, field: null },
    });
    expect(result.weatherHourly[43_823]).toMatchObject({
      observedAt: new Date('2022-12-31T23:00:00Z'),
      temperatureC: 11.2,
      relativeHumidityPct: 82.9,
      globalIrradianceWm2: 0,
    });
  });

  it('spans the published temperature range', () => {
    // The archive describes 2018-2022 at Bedford as −7.1 °C to 39.0 °C (July 2022 heatwave).
    const temperatures = result.weatherHourly.map((record) => record.temperatureC ?? Number.NaN);
    expect(Math.min(...temperatures)).toBe(-7.1);
    expect(Math.max(...temperatures)).toBe(39);
  });
});
