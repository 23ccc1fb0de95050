import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../../server/src/history-import/workbook.js';
import type { WorkbookData } from '../../spreadsheet/cells.js';
import { makeDetectInput } from '../index.js';
import type { SeriesReading } from '../types.js';
import { detectEnedisPortal, parseEnedisPortal } from './portal.js';

const SAMPLES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'enedis-customer-portal',
);

function sampleBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(SAMPLES, name)));
}

async function workbookOf(name: string): Promise<{ bytes: Uint8Array; workbook: WorkbookData }> {
  const buffer = readFileSync(path.join(SAMPLES, name));
  return { bytes: new Uint8Array(buffer), workbook: await readWorkbook(buffer, name) };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function between(readings: readonly SeriesReading[], from: string, to: string): SeriesReading[] {
  return readings.filter((reading) => reading.start >= new Date(from) && reading.start < new Date(to));
}

describe('portal load-curve CSV sample', () => {
  const result = parseEnedisPortal({
    fileName: 'Enedis_Conso_Heure.csv',
    bytes: sampleBytes('Enedis_Conso_Heure.csv'),
  });
  const readings = result.readings;

  it('reads the 104 rows after the BOM and the metadata table', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.recordsRead).toBe(104);
    expect(readings).toHaveLength(104);
    expect(new Set(readings.map((reading) => reading.externalId))).toEqual(new Set(['98800000000001']));
  });

  it('turns end stamps with offsets into interval starts', () => {
    // Line 4: 2022-01-18T00:30:00+01:00;218; (with a trailing separator), 218 W × 0.5 h.
    expect(readings[0]).toMatchObject({ stepSeconds: 1800, value: 0.109, quality: 'measured' });
    expect(readings[0]?.start.toISOString()).toBe('2022-01-17T23:00:00.000Z');
    expect(readings[0]?.location).toEqual({
      file: 'Enedis_Conso_Heure.csv',
      line: 4,
      element: null,
      field: 'Valeur',
    });
  });

  it('sums the first day by hand', () => {
    // Lines 4 to 35: 2022-01-18 00:30 to 16:00, then a gap until 2022-01-19 12:30.
    const watts = [
      218, 162, 120, 216, 118, 210, 96, 244, 112, 190, 104, 188, 142, 156, 482, 346, 660, 288, 272, 216, 256,
      144, 308, 174, 286, 344, 424, 380, 262, 156, 306, 178,
    ];
    const day = between(readings, '2022-01-17T23:00:00Z', '2022-01-18T23:00:00Z');
    expect(day).toHaveLength(32);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo((sum(watts) * 0.5) / 1000, 9);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(3.879, 9);
  });

  it('keeps empty values as missing half-hours', () => {
    // Lines 36 to 48: 2022-01-19 12:30 to 18:30 have no value.
    const missing = readings.filter((reading) => reading.quality === 'missing');
    expect(missing).toHaveLength(13);
    expect(missing.every((reading) => reading.value === null && reading.stepSeconds === 1800)).toBe(true);
    expect(missing[0]?.start.toISOString()).toBe('2022-01-19T11:00:00.000Z');
    expect(missing.map((reading) => reading.location.line)).toEqual([
      36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
    ]);
  });

  it('sizes the first point after a gap from its successor', () => {
    // Line 70, 2022-01-25T11:00:00+01:00, follows 2022-01-23T08:30: its step is the 30 min to line 71.
    const day = between(readings, '2022-01-24T23:00:00Z', '2022-01-25T23:00:00Z');
    const watts = [
      280, 390, 318, 354, 294, 564, 414, 346, 398, 288, 384, 294, 424, 264, 874, 688, 480, 1632, 1334, 962,
      510, 500, 376, 338, 382, 250, 300,
    ];
    expect(day).toHaveLength(27);
    expect(day[0]?.start.toISOString()).toBe('2022-01-25T09:30:00.000Z');
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo((sum(watts) * 0.5) / 1000, 9);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(6.819, 9);
  });
});

describe('portal daily-index CSV sample', () => {
  const result = parseEnedisPortal({
    fileName: 'Enedis_Conso_Jour.csv',
    bytes: sampleBytes('Enedis_Conso_Jour.csv'),
  });
  const series = (id: string) => result.readings.filter((reading) => reading.externalId === id);

  it('reads total, supplier and distributor indexes', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    // 264 days × (EAS T, EAS F1 = class BASE of FC000165, EAS D1 = class BASE of DI000001).
    expect(result.readings).toHaveLength(792);
    expect(series('98800000000001')).toHaveLength(264);
    expect(series('98800000000001#BASE')).toHaveLength(264);
    expect(series('98800000000001#GRD-BASE')).toHaveLength(264);
    expect(
      result.readings.every((reading) => reading.measure === 'INDEX' && reading.stepSeconds === null),
    ).toBe(true);
  });

  it('converts Wh to kWh at the written instant', () => {
    const total = series('98800000000001');
    // Line 4: 2021-01-24T00:00:00+01:00, EAS T = 15521318 Wh.
    expect(total[0]?.start.toISOString()).toBe('2021-01-23T23:00:00.000Z');
    expect(total[0]?.value).toBe(15521.318);
    expect(total[0]?.location).toEqual({
      file: 'Enedis_Conso_Jour.csv',
      line: 4,
      element: null,
      field: 'EAS T',
    });
    // Line 103: 2021-05-03T01:00:00+02:00 is also 23:00 UTC.
    const summer = total.find((reading) => reading.location.line === 103);
    expect(summer?.start.toISOString()).toBe('2021-05-02T23:00:00.000Z');
    expect(summer?.value).toBe(16280.857);
    // Consumption of 24 January 2021: 15526573 − 15521318 Wh.
    expect((total[1]?.value as number) - (total[0]?.value as number)).toBeCloseTo(5.255, 9);
    expect(total[263]?.value).toBe(17375.563);
    expect(series('98800000000001#BASE')[0]?.location.field).toBe('EAS F1');
    expect(series('98800000000001#GRD-BASE')[263]?.value).toBe(17375.563);
  });
});

describe('portal CSV constructed autumn fixture', () => {
  const result = parseEnedisPortal({
    fileName: 'Enedis_Conso_Heure_autumn_fixture.csv',
    bytes: sampleBytes('fixtures/Enedis_Conso_Heure_autumn_fixture.csv'),
  });

  it('keeps both 02:00 and 02:30 of the repeated hour', () => {
    expect(result.issues).toEqual([]);
    expect(
      result.readings.map((reading) => [
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.quality,
      ]),
    ).toEqual([
      ['2023-10-28T23:00:00.000Z', 1800, 0.5, 'measured'],
      ['2023-10-28T23:30:00.000Z', 1800, 0.6, 'measured'],
      ['2023-10-29T00:00:00.000Z', 1800, 0.7, 'measured'],
      ['2023-10-29T00:30:00.000Z', 1800, 0.8, 'measured'],
      ['2023-10-29T01:00:00.000Z', 1800, 0.9, 'measured'],
      ['2023-10-29T01:30:00.000Z', 1800, null, 'missing'],
      // From 03:15 the meter records quarter-hours: 800 W × 0.25 h, 1000 W × 0.25 h.
      ['2023-10-29T02:00:00.000Z', 900, 0.2, 'measured'],
      ['2023-10-29T02:15:00.000Z', 900, 0.25, 'measured'],
    ]);
  });
});

describe('portal XLSX samples', () => {
  it('reads the load curve in kW as half-hour energies', async () => {
    const { bytes, workbook } = await workbookOf('mar.04.2024.xlsx');
    const result = parseEnedisPortal({ fileName: 'mar.04.2024.xlsx', bytes, workbook });
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    // Rows 17 to 351: 18/03 00:00 to 24/03 23:30, the last half-hour is absent from the file.
    expect(result.readings).toHaveLength(335);
    expect(result.recordsRead).toBe(335);
    const first = result.readings[0];
    expect(first).toMatchObject({
      externalId: '98800000000003',
      stepSeconds: 1800,
      value: 0.492,
      quality: 'measured',
    });
    expect(first?.start.toISOString()).toBe('2024-03-17T23:00:00.000Z');
    expect(first?.location).toEqual({
      file: 'mar.04.2024.xlsx',
      line: 17,
      element: 'Consommation Horaire!E17',
      field: 'Valeur (en kW)',
    });
    // Text cells « 0,984 » … « 3,594 » of 18 March (rows 17 to 64), each a mean kW over 0.5 h.
    const kilowatts = [
      0.984, 1.386, 0.418, 0.456, 1.146, 0.6, 0.396, 1.116, 0.712, 0.694, 1.338, 0.692, 0.666, 1.29, 0.99,
      3.358, 3.944, 1.69, 0.74, 1.498, 0.928, 1.404, 0.584, 0.504, 1.39, 0.45, 0.56, 1.138, 0.652, 0.372,
      0.574, 1.136, 0.496, 0.706, 1.046, 0.368, 1.224, 0.866, 1.312, 0.704, 0.676, 0.644, 1.214, 1.358, 2.04,
      3.578, 3.562, 3.594,
    ];
    const day = between(result.readings, '2024-03-17T23:00:00Z', '2024-03-18T23:00:00Z');
    expect(day).toHaveLength(48);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(sum(kilowatts) * 0.5, 9);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(28.597, 9);
    const last = result.readings[334];
    expect(last?.start.toISOString()).toBe('2024-03-24T22:00:00.000Z');
    expect(last?.value).toBe(1.858);
  });

  it('reads daily values labelled kW as kWh', async () => {
    const { bytes, workbook } = await workbookOf('juiellet.03.2024.xlsx');
    const result = parseEnedisPortal({ fileName: 'juiellet.03.2024.xlsx', bytes, workbook });
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(
      result.readings.map((reading) => [reading.start.toISOString(), reading.stepSeconds, reading.value]),
    ).toEqual([
      ['2024-07-14T22:00:00.000Z', 86_400, 25.247],
      ['2024-07-15T22:00:00.000Z', 86_400, 23.72],
      ['2024-07-16T22:00:00.000Z', 86_400, 33.967],
      ['2024-07-17T22:00:00.000Z', 86_400, 20.943],
      ['2024-07-18T22:00:00.000Z', 86_400, 34.168],
      ['2024-07-19T22:00:00.000Z', 86_400, 41.348],
      ['2024-07-20T22:00:00.000Z', 86_400, 35.111],
    ]);
    expect(sum(result.readings.map((reading) => reading.value ?? 0))).toBeCloseTo(214.504, 9);
    expect(result.readings[0]?.location.element).toBe('Export Consommation Quotidienne!C15');
  });

  it('accepts cells that Excel turned into numbers and dates', async () => {
    const workbook: WorkbookData = {
      date1904: false,
      sheets: [
        {
          name: 'Consommation Horaire',
          rows: [
            { number: 8, cells: [null, 'Point Référence Mesure (PRM) : ', 1445441288824] },
            { number: 16, cells: [null, null, 'Début', 'Fin', 'Valeur (en kW)'] },
            {
              number: 17,
              cells: [
                null,
                null,
                new Date(Date.UTC(2024, 2, 18, 0, 0)),
                new Date(Date.UTC(2024, 2, 18, 0, 30)),
                1.2,
              ],
            },
            // Excel serial 45369.0208333 is 18/03/2024 00:30; NA marks missing data.
            { number: 18, cells: [null, null, 45369 + 1 / 48, 45369 + 2 / 48, 'NA'] },
            { number: 19, cells: [null, null, '18/03/2024 01:00:00', '18/03/2024 01:30:00', '1 234,5'] },
            { number: 20, cells: [null, null, 'Données issues du compteur', null, null] },
          ],
        },
      ],
    };
    const result = parseEnedisPortal({ fileName: 'renomme.xlsx', bytes: new Uint8Array(), workbook });
    expect(result.issues).toEqual([]);
    expect(
      result.readings.map((reading) => [
        reading.externalId,
        reading.start.toISOString(),
        reading.value,
        reading.quality,
      ]),
    ).toEqual([
      ['01445441288824', '2024-03-17T23:00:00.000Z', 0.6, 'measured'],
      ['01445441288824', '2024-03-17T23:30:00.000Z', null, 'missing'],
      ['01445441288824', '2024-03-18T00:00:00.000Z', 617.25, 'measured'],
    ]);
  });

  it('rejects a workbook without the portal layout', () => {
    const workbook: WorkbookData = {
      date1904: false,
      sheets: [{ name: 'Feuil1', rows: [{ number: 1, cells: ['Date', 'Valeur'] }] }],
    };
    const result = parseEnedisPortal({ fileName: 'autre.xlsx', bytes: new Uint8Array(), workbook });
    expect(result.fatal?.code).toBe('sheet-not-found');
    expect(result.readings).toEqual([]);
  });
});

describe('portal CSV errors', () => {
  it('rejects an unsupported data type with the line', () => {
    const content = [
      'Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;Grandeur metier;Etape metier;Unite',
      '98800000000001;Puissance maximale;01/01/2024;08/01/2024;Puissance apparente;Consommation;Comptage Brut;VA',
      'Horodate;Valeur',
      '2024-01-01T18:12:00+01:00;6120',
    ].join('\n');
    const result = parseEnedisPortal({ fileName: 'Enedis_Conso_Pmax.csv', bytes: strToU8(content) });
    expect(result.readings).toEqual([]);
    expect(result.recordsRead).toBe(1);
    expect(result.issues.map((issue) => [issue.code, issue.line])).toEqual([['unsupported-data-type', 2]]);
  });

  it('is fatal without the metadata header', () => {
    const result = parseEnedisPortal({
      fileName: 'x.csv',
      bytes: strToU8('Horodate;Valeur\n2024-01-01T00:30:00+01:00;100\n'),
    });
    expect(result.fatal?.code).toBe('header-not-found');
  });
});

describe('detectEnedisPortal', () => {
  it('is certain for the CSV and XLSX samples', () => {
    for (const name of [
      'Enedis_Conso_Heure.csv',
      'Enedis_Conso_Jour.csv',
      'mar.04.2024.xlsx',
      'juiellet.03.2024.xlsx',
    ]) {
      expect(detectEnedisPortal(makeDetectInput(name, sampleBytes(name)))).toBe(1);
    }
  });

  it('ignores other workbooks and CSV files', () => {
    const grdf = readFileSync(path.join(SAMPLES, '..', 'grdf', 'export_grdf.xlsx'));
    expect(detectEnedisPortal(makeDetectInput('export_grdf.xlsx', new Uint8Array(grdf)))).toBe(0);
    const m023 = readFileSync(
      path.join(SAMPLES, '..', 'enedis-m023', 'ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019_extract.csv'),
    );
    expect(detectEnedisPortal(makeDetectInput('r63.csv', new Uint8Array(m023)))).toBe(0);
  });
});
