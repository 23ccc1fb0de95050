import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDetectInput } from '../index.js';
import type { SeriesReading } from '../types.js';
import { detectEnedisDataConnect, parseEnedisDataConnect } from './dataconnect.js';

const SAMPLES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'enedis-dataconnect',
);

function sample(name: string): { fileName: string; bytes: Uint8Array } {
  return { fileName: path.basename(name), bytes: new Uint8Array(readFileSync(path.join(SAMPLES, name))) };
}

function parseJson(body: unknown, fileName = 'reponse.json') {
  return parseEnedisDataConnect({ fileName, bytes: strToU8(JSON.stringify(body)) });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function dayEnergy(readings: readonly SeriesReading[], from: string, to: string): number {
  return sum(
    readings
      .filter((reading) => reading.start >= new Date(from) && reading.start < new Date(to))
      .map((reading) => reading.value ?? 0),
  );
}

/** Mean powers in W of the sample's 29 and 30 September 2026, as written in the file (00:30 … 00:00). */
const WATTS_29 = [
  4078, 2848, 1760, 1820, 1322, 1010, 988, 976, 584, 934, 950, 668, 618, 584, 890, 1162, 984, 978, 1060, 904,
  696, 656, 594, 596, 706, 2114, 1902, 1650, 1382, 642, 1730, 818, 766, 934, 950, 934, 1140, 1412, 1434, 1142,
  944, 1164, 1006, 796, 3838, 3876, 3826, 4224,
];
const WATTS_30 = [
  3514, 1982, 1422, 1276, 1126, 1488, 860, 1158, 1080, 712, 1222, 714, 690, 712, 704, 752, 1304, 1238, 878,
  1810, 1834, 1438, 1406, 1488, 1746, 3426, 1612, 1978, 1566, 916, 2218, 1228, 808, 898, 914, 956, 1424, 2488,
  1408, 1302, 1356, 1170, 896, 934, 4056, 4036, 3926, 3974,
];

describe('Data Connect v5 load curve sample', () => {
  const result = parseEnedisDataConnect(sample('v5_consumption_load_curve.json'));
  const readings = result.readings;

  it('reads 96 half-hours without issue', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.recordsRead).toBe(96);
    expect(readings).toHaveLength(96);
    expect(
      readings.every((reading) => reading.externalId === '99999999999991' && reading.stepSeconds === 1800),
    ).toBe(true);
  });

  it('turns end dates into interval starts', () => {
    // 2026-09-29 00:30:00 is CEST (22:30 UTC the day before) and ends the first half-hour.
    expect(readings[0]?.start.toISOString()).toBe('2026-09-28T22:00:00.000Z');
    expect(readings[0]?.value).toBe(2.039);
    // 2026-10-01 00:00:00 ends the last half-hour of 30 September.
    expect(readings[95]?.start.toISOString()).toBe('2026-09-30T21:30:00.000Z');
    expect(readings[95]?.value).toBe(1.987);
    expect(readings[95]?.location.element).toBe('/meter_reading/interval_reading[95]');
  });

  it('gives daily energies equal to Enedis’ daily consumption', () => {
    expect(WATTS_29).toHaveLength(48);
    expect(WATTS_30).toHaveLength(48);
    const day29 = dayEnergy(readings, '2026-09-28T22:00:00Z', '2026-09-29T22:00:00Z');
    const day30 = dayEnergy(readings, '2026-09-29T22:00:00Z', '2026-09-30T22:00:00Z');
    expect(day29).toBeCloseTo((sum(WATTS_29) * 0.5) / 1000, 9);
    expect(day30).toBeCloseTo((sum(WATTS_30) * 0.5) / 1000, 9);
    // mesure_consommation_quotidienne.json publishes 33495 Wh and 38022 Wh for these days.
    expect(day29).toBeCloseTo(33.495, 9);
    expect(day30).toBeCloseTo(38.022, 9);
  });
});

describe('Data Connect 2026 French-keyed samples', () => {
  it('reads the load curve like the v5 body', () => {
    const french = parseEnedisDataConnect(sample('mesure_courbe_de_charge_consommation.json'));
    const v5 = parseEnedisDataConnect(sample('v5_consumption_load_curve.json'));
    expect(french.fatal).toBeNull();
    expect(french.issues).toEqual([]);
    expect(french.readings).toHaveLength(96);
    const shape = (readings: readonly SeriesReading[]) =>
      readings.map((reading) => [
        reading.externalId,
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.quality,
      ]);
    expect(shape(french.readings)).toEqual(shape(v5.readings));
    expect(french.readings[3]?.location.element).toBe('/grandeur[0]/points[3]');
    expect(dayEnergy(french.readings, '2026-09-28T22:00:00Z', '2026-09-29T22:00:00Z')).toBeCloseTo(33.495, 9);
  });

  it('reads daily energies from Paris midnight', () => {
    const result = parseEnedisDataConnect(sample('mesure_consommation_quotidienne.json'));
    expect(result.issues).toEqual([]);
    expect(
      result.readings.map((reading) => [
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.measure,
      ]),
    ).toEqual([
      ['2026-09-28T22:00:00.000Z', 86_400, 33.495, 'ENERGY'],
      ['2026-09-29T22:00:00.000Z', 86_400, 38.022, 'ENERGY'],
    ]);
  });

  it('reads daily maximum powers with the time of the peak', () => {
    const result = parseEnedisDataConnect(sample('mesure_puissance_conso_max_quotidienne.json'));
    expect(result.readings).toEqual([]);
    expect(result.recordsRead).toBe(2);
    // 13:03:35 and 12:50:25 CEST are 11:03:35 and 10:50:25 UTC.
    expect(
      result.maxPowers?.map((record) => [
        record.externalId,
        record.date,
        record.at?.toISOString(),
        record.value,
        record.unit,
      ]),
    ).toEqual([
      ['99999999999991', '2026-09-29', '2026-09-29T11:03:35.000Z', 4680, 'VA'],
      ['99999999999991', '2026-09-30', '2026-09-30T10:50:25.000Z', 6510, 'VA'],
    ]);
  });
});

describe('Data Connect error bodies', () => {
  it('explains the gateway subscription error', () => {
    const result = parseEnedisDataConnect(sample('erreur_comptage_non_souscrit.json'));
    expect(result.readings).toEqual([]);
    expect(result.fatal?.code).toBe('dataconnect-error');
    expect(result.fatal?.message).toContain('code « 900908 »');
    expect(result.fatal?.message).toContain('Resource forbidden');
    expect(result.fatal?.message).toContain('Abonnez l’application à l’API demandée');
  });

  it('explains no_data_found and the load-curve collection', () => {
    const result = parseEnedisDataConnect(sample('fixtures/error_no_data_found.json'));
    expect(result.fatal?.code).toBe('dataconnect-error');
    expect(result.fatal?.message).toContain('code « no_data_found »');
    expect(result.fatal?.message).toContain(
      'la collecte de la consommation horaire n’est pas activée sur le PRM',
    );
  });

  it('keeps an unknown error code and its text', () => {
    const result = parseJson({
      error: 'invalid_request',
      error_description: 'Start date should be before end date',
    });
    expect(result.fatal?.message).toContain('code « invalid_request »');
    expect(result.fatal?.message).toContain('Start date should be before end date');
  });
});

describe('Data Connect constructed v5 fixtures', () => {
  it('reads daily consumption', () => {
    const result = parseEnedisDataConnect(sample('fixtures/v5_daily_consumption_fixture.json'));
    expect(
      result.readings.map((reading) => [reading.externalId, reading.start.toISOString(), reading.value]),
    ).toEqual([
      ['98800000000021', '2024-03-29T23:00:00.000Z', 12.5],
      ['98800000000021', '2024-03-30T23:00:00.000Z', 11],
      ['98800000000021', '2024-03-31T22:00:00.000Z', 13.75],
    ]);
  });

  it('skips a maximum power written "null" with a warning', () => {
    const result = parseEnedisDataConnect(sample('fixtures/v5_daily_consumption_max_power_fixture.json'));
    expect(result.maxPowers?.map((record) => [record.date, record.at?.toISOString(), record.value])).toEqual([
      ['2024-10-26', '2024-10-26T17:42:10.000Z', 6120],
      ['2024-10-28', '2024-10-28T07:05:33.000Z', 7010],
    ]);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'missing-max-power'],
    ]);
  });

  it('orders the autumn hour and infers missing interval lengths', () => {
    const result = parseEnedisDataConnect(sample('fixtures/v5_consumption_load_curve_autumn_fixture.json'));
    expect(
      result.readings.map((reading) => [reading.start.toISOString(), reading.stepSeconds, reading.value]),
    ).toEqual([
      ['2024-10-26T23:00:00.000Z', 1800, 0.5],
      ['2024-10-26T23:30:00.000Z', 1800, 0.6],
      ['2024-10-27T00:00:00.000Z', 1800, 0.7],
      ['2024-10-27T00:30:00.000Z', 1800, 0.8],
      ['2024-10-27T01:00:00.000Z', 1800, 0.9],
      // 03:00 has no interval_length: 30 minutes since the previous point.
      ['2024-10-27T01:30:00.000Z', 1800, 1],
      ['2024-10-27T02:00:00.000Z', 900, 0.2],
      // 03:30 has none either: 15 minutes since 03:15, 1000 W × 0.25 h.
      ['2024-10-27T02:15:00.000Z', 900, 0.25],
    ]);
  });

  it('marks missing values and keeps proxy UTC dates', () => {
    const result = parseJson({
      meter_reading: {
        usage_point_id: '98800000000021',
        reading_type: { unit: 'W', measurement_kind: 'power', aggregate: 'average' },
        interval_reading: [
          { value: '1000', date: '2025-05-01T04:00:00.000Z', interval_length: 'PT30M' },
          { value: null, date: '2025-05-01T04:30:00.000Z', interval_length: 'PT30M' },
          { value: 'x', date: '2025-05-01T05:00:00.000Z', interval_length: 'PT30M' },
        ],
      },
    });
    expect(
      result.readings.map((reading) => [reading.start.toISOString(), reading.value, reading.quality]),
    ).toEqual([
      ['2025-05-01T03:30:00.000Z', 0.5, 'measured'],
      ['2025-05-01T04:00:00.000Z', null, 'missing'],
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['invalid-number', '/meter_reading/interval_reading[2]'],
    ]);
  });

  it('names injection series', () => {
    const result = parseJson(
      {
        meter_reading: {
          usage_point_id: '98800000000021',
          reading_type: { unit: 'Wh', measurement_kind: 'energy', aggregate: 'sum', measuring_period: 'P1D' },
          interval_reading: [{ value: '5000', date: '2024-06-21' }],
        },
      },
      'daily_production.json',
    );
    expect(result.readings.map((reading) => [reading.externalId, reading.value])).toEqual([
      ['98800000000021#PROD', 5],
    ]);
  });
});

describe('detectEnedisDataConnect', () => {
  it('recognises every sample', () => {
    for (const name of [
      'v5_consumption_load_curve.json',
      'mesure_courbe_de_charge_consommation.json',
      'mesure_consommation_quotidienne.json',
      'mesure_puissance_conso_max_quotidienne.json',
    ]) {
      const { fileName, bytes } = sample(name);
      expect(detectEnedisDataConnect(makeDetectInput(fileName, bytes))).toBe(1);
    }
    const error = sample('erreur_comptage_non_souscrit.json');
    expect(detectEnedisDataConnect(makeDetectInput(error.fileName, error.bytes))).toBe(0.9);
  });

  it('leaves SGE publications to the M023 parser', () => {
    const publication = readFileSync(
      path.join(
        SAMPLES,
        '..',
        'enedis-m023',
        'fixtures',
        'ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json',
      ),
    );
    expect(detectEnedisDataConnect(makeDetectInput('r65.json', new Uint8Array(publication)))).toBe(0);
  });
});
