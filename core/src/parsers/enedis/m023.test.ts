import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDetectInput } from '../index.js';
import type { SeriesReading } from '../types.js';
import { detectEnedisM023, parseEnedisM023 } from './m023.js';

const SAMPLES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'enedis-m023',
);
const REAL_NAME = 'ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019_extract.csv';
const realBytes = new Uint8Array(readFileSync(path.join(SAMPLES, REAL_NAME)));

function fixture(name: string): { fileName: string; bytes: Uint8Array } {
  return { fileName: name, bytes: new Uint8Array(readFileSync(path.join(SAMPLES, 'fixtures', name))) };
}

function parseText(
  content: string,
  fileName = 'ENEDIS_R63_P_CdC_TEST0001_00001_20250101000000.csv',
  options?: object,
) {
  return parseEnedisM023({ fileName, bytes: strToU8(content) }, options);
}

function startsOf(readings: readonly SeriesReading[]): string[] {
  return readings.map((reading) => reading.start.toISOString());
}

function inRange(readings: readonly SeriesReading[], from: string, to: string): SeriesReading[] {
  return readings.filter((reading) => reading.start >= new Date(from) && reading.start < new Date(to));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function valueSum(readings: readonly SeriesReading[]): number {
  return sum(readings.map((reading) => reading.value ?? 0));
}

const R63_HEADER =
  'Identifiant PRM;Date de début;Date de fin;Grandeur physique;Grandeur métier;Etape métier;Unité;Horodate;Valeur;Nature;Pas;Indice de vraisemblance;Etat complémentaire';

describe('M023 R63 real CSV sample', () => {
  const result = parseEnedisM023({ fileName: REAL_NAME, bytes: realBytes });
  const readings = result.readings;

  it('reads every row without issue', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.recordsRead).toBe(195);
    expect(readings).toHaveLength(195);
    expect(new Set(readings.map((reading) => reading.externalId))).toEqual(new Set(['98800000000003']));
    expect(new Set(readings.map((reading) => reading.measure))).toEqual(new Set(['ENERGY']));
  });

  it('turns end stamps into interval starts', () => {
    // Row 2: 2023-03-25 12:00:00 (CET, 11:00 UTC) ends the half-hour, 810 W × 0.5 h = 405 Wh.
    expect(readings[0]).toMatchObject({ stepSeconds: 1800, value: 0.405, quality: 'measured' });
    expect(readings[0]?.start.toISOString()).toBe('2023-03-25T10:30:00.000Z');
    expect(readings[0]?.location).toEqual({ file: REAL_NAME, line: 2, element: null, field: 'Valeur' });
    // Last row: 2024-08-01 03:00:00 (CEST, 01:00 UTC), 4022 W × 0.5 h.
    expect(readings[194]).toMatchObject({ stepSeconds: 1800, value: 2.011 });
    expect(readings[194]?.start.toISOString()).toBe('2024-08-01T00:30:00.000Z');
  });

  it('gives the spring day 46 half-hours', () => {
    // Paris day 2023-03-26 runs from 2023-03-25T23:00Z to 2023-03-26T22:00Z (23 hours).
    const day = inRange(readings, '2023-03-25T23:00:00Z', '2023-03-26T22:00:00Z');
    expect(day).toHaveLength(46);
    // Rows 27 to 72 (00:30 to next day 00:00, 01:30 followed by 03:00), in W, each over 0.5 h.
    const watts = [
      794, 1942, 3580, 3258, 724, 694, 1466, 820, 706, 1412, 702, 696, 1404, 688, 794, 2064, 1872, 1610, 1308,
      1214, 1638, 770, 744, 1080, 2484, 2356, 1064, 1088, 854, 1428, 820, 754, 706, 682, 1352, 702, 1518,
      4868, 4002, 3602, 3796, 3950, 3890, 4042, 3774, 3568,
    ];
    expect(watts).toHaveLength(46);
    expect(valueSum(day)).toBeCloseTo((sum(watts) * 0.5) / 1000, 9);
    expect(valueSum(day)).toBeCloseTo(41.64, 9);
    // 01:30 CET ends at 00:30 UTC; the next row, 03:00 CEST, ends at 01:00 UTC.
    expect(startsOf(day).slice(2, 4)).toEqual(['2023-03-26T00:00:00.000Z', '2023-03-26T00:30:00.000Z']);
  });

  it('gives the autumn day 50 half-hours', () => {
    // Paris day 2023-10-29 runs from 2023-10-28T22:00Z to 2023-10-29T23:00Z (25 hours).
    const day = inRange(readings, '2023-10-28T22:00:00Z', '2023-10-29T23:00:00Z');
    expect(day).toHaveLength(50);
    const watts = [
      632, 624, 624, 640, 1144, 1134, 630, 622, 632, 630, 600, 634, 638, 610, 1768, 620, 608, 640, 622, 614,
      628, 612, 628, 1100, 1252, 628, 1946, 2678, 2386, 1312, 1250, 2346, 3148, 2186, 2380, 2220, 2638, 2106,
      1404, 4230, 2094, 2338, 4392, 4474, 1218, 3234, 2462, 818, 790, 1460,
    ];
    expect(watts).toHaveLength(50);
    expect(valueSum(day)).toBeCloseTo((sum(watts) * 0.5) / 1000, 9);
    expect(valueSum(day)).toBeCloseTo(37.512, 9);
    // Rows 109 to 112 are 02:00, 02:30, 02:00, 02:30: summer time first, then winter time.
    const repeated = day.filter((reading) => [109, 110, 111, 112].includes(reading.location.line as number));
    expect(repeated.map((reading) => [reading.start.toISOString(), reading.value])).toEqual([
      ['2023-10-28T23:30:00.000Z', 0.32],
      ['2023-10-29T00:00:00.000Z', 0.572],
      ['2023-10-29T00:30:00.000Z', 0.567],
      ['2023-10-29T01:00:00.000Z', 0.315],
    ]);
    expect(new Set(startsOf(day)).size).toBe(50);
  });

  it('uses each point’s own step', () => {
    const byLine = new Map(readings.map((reading) => [reading.location.line, reading]));
    // Row 166: 2024-07-19 00:00:00 PT60M, 1713 W over one hour, after a 24-hour hole.
    expect(byLine.get(166)).toMatchObject({ stepSeconds: 3600, value: 1.713 });
    expect(byLine.get(166)?.start.toISOString()).toBe('2024-07-18T21:00:00.000Z');
    expect(byLine.get(165)?.start.toISOString()).toBe('2024-07-17T21:30:00.000Z');
    // Rows 180 and 181: the last hourly point (19:00) and the first half-hour one (19:30).
    expect(byLine.get(180)).toMatchObject({ stepSeconds: 3600, value: 1.686 });
    expect(byLine.get(180)?.start.toISOString()).toBe('2024-07-31T16:00:00.000Z');
    expect(byLine.get(181)).toMatchObject({ stepSeconds: 1800, value: 0.808 });
    expect(byLine.get(181)?.start.toISOString()).toBe('2024-07-31T17:00:00.000Z');
    // Hourly points 2024-07-31 12:00 to 19:00: Σ W × 1 h.
    const hourly = inRange(readings, '2024-07-31T09:00:00Z', '2024-07-31T17:00:00Z');
    expect(valueSum(hourly)).toBeCloseTo((1562 + 1523 + 2541 + 1111 + 1465 + 2473 + 1627 + 1686) / 1000, 9);
  });

  it('keeps a point flagged cut then restored', () => {
    const flagged = readings.find((reading) => reading.location.line === 77);
    expect(flagged).toMatchObject({ value: 0.344, quality: 'measured' });
  });
});

describe('M023 constructed JSON fixtures', () => {
  it('reads an R63 Linky curve across the autumn change and a step change', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R63_P_CdC_FIXT0001_00001_20250101000000.json'));
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(18);
    const linky = result.readings.filter((reading) => reading.externalId === '98800000000011');
    // End stamps 01:30 … 03:00 on 2024-10-27 (02:00 and 02:30 twice), then PT15M from 03:15.
    expect(
      linky.map((reading) => [
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.quality,
      ]),
    ).toEqual([
      ['2024-10-26T23:00:00.000Z', 1800, (1000 * 0.5) / 1000, 'measured'],
      ['2024-10-26T23:30:00.000Z', 1800, (1200 * 0.5) / 1000, 'measured'],
      ['2024-10-27T00:00:00.000Z', 1800, (1400 * 0.5) / 1000, 'measured'],
      ['2024-10-27T00:30:00.000Z', 1800, (1600 * 0.5) / 1000, 'measured'],
      ['2024-10-27T01:00:00.000Z', 1800, (1800 * 0.5) / 1000, 'measured'],
      ['2024-10-27T01:30:00.000Z', 1800, (2000 * 0.5) / 1000, 'measured'],
      ['2024-10-27T02:00:00.000Z', 900, (800 * 0.25) / 1000, 'estimated'],
      ['2024-10-27T02:15:00.000Z', 900, (1000 * 0.25) / 1000, 'measured'],
      ['2024-10-27T02:30:00.000Z', 900, (1200 * 0.25) / 1000, 'measured'],
    ]);
  });

  it('reads an R63 C4 corrected curve with start stamps', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R63_P_CdC_FIXT0001_00001_20250101000000.json'));
    const large = result.readings.filter((reading) => reading.externalId === '98800000000012');
    // Nature R: start stamps. 01:50 CET is 00:50 UTC; 03:00 CEST is 01:00 UTC. W × 1/6 h.
    expect(
      large.map((reading) => [
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.quality,
      ]),
    ).toEqual([
      ['2024-03-31T00:40:00.000Z', 600, 30000 / 6 / 1000, 'measured'],
      ['2024-03-31T00:50:00.000Z', 600, 36000 / 6 / 1000, 'measured'],
      ['2024-03-31T01:00:00.000Z', 600, 42000 / 6 / 1000, 'corrected'],
      ['2024-03-31T01:10:00.000Z', 600, 48000 / 6 / 1000, 'estimated'],
      ['2024-03-31T01:20:00.000Z', 600, 54000 / 6 / 1000, 'measured'],
    ]);
    const injection = result.readings.filter((reading) => reading.externalId === '98800000000012#PROD');
    expect(injection.map((reading) => reading.value)).toEqual([1, 2]);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'skipped-curve-PRI'],
    ]);
  });

  it('reads R64 indexes per class and grid', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R64_P_INDEX_FIXT0003_00001_20250101000000.json'));
    expect(result.fatal).toBeNull();
    const byId = (id: string) =>
      result.readings
        .filter((reading) => reading.externalId === id)
        .map((reading) => [reading.start.toISOString(), reading.value]);
    // Index stamps 2025-01-15 and 16 at 00:00 CET (23:00 UTC the day before), Wh / 1000.
    expect(byId('98800000000014#HP')).toEqual([
      ['2025-01-14T23:00:00.000Z', 5000],
      ['2025-01-15T23:00:00.000Z', 5004],
    ]);
    expect(byId('98800000000014#HC')).toEqual([
      ['2025-01-14T23:00:00.000Z', 3000],
      ['2025-01-15T23:00:00.000Z', 3002.5],
    ]);
    expect(byId('98800000000014#GRD-BASE')).toEqual([
      ['2025-01-14T23:00:00.000Z', 8000],
      ['2025-01-15T23:00:00.000Z', 8006.5],
    ]);
    expect(byId('98800000000014')).toEqual([
      ['2025-01-14T23:00:00.000Z', 8000],
      ['2025-01-15T23:00:00.000Z', 8006.5],
    ]);
    expect(
      result.readings.every((reading) => reading.measure === 'INDEX' && reading.stepSeconds === null),
    ).toBe(true);
    expect(result.issues.map((issue) => issue.code)).toEqual(['skipped-index-PMA-VA']);
  });

  it('reads R65 daily energies from Paris midnight', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json'));
    expect(
      result.readings.map((reading) => [
        reading.externalId,
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
      ]),
    ).toEqual([
      ['98800000000015', '2024-03-29T23:00:00.000Z', 86_400, 12.5],
      // 31 March 2024 is the 23-hour day: it still starts at local midnight, 23:00 UTC.
      ['98800000000015', '2024-03-30T23:00:00.000Z', 86_400, 11],
      ['98800000000015', '2024-03-31T22:00:00.000Z', 86_400, 13.75],
      ['98800000000016#PROD', '2024-06-20T22:00:00.000Z', 86_400, 25],
    ]);
    expect(result.issues.map((issue) => issue.code)).toEqual(['skipped-energy-ER']);
    expect(result.recordsRead).toBe(7);
  });

  it('reads R66 maximum powers with the time of the peak', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R66_P_Pmax_FIXT0005_00001_20250101000000.json'));
    expect(result.readings).toEqual([]);
    expect(
      result.maxPowers?.map((record) => [
        record.externalId,
        record.date,
        record.at?.toISOString(),
        record.value,
        record.unit,
      ]),
    ).toEqual([
      ['98800000000017', '2024-10-26', '2024-10-26T17:42:10.000Z', 6120, 'VA'],
      // 02:30 on the autumn day with no earlier point of the hour: the summer-time one.
      ['98800000000017', '2024-10-27', '2024-10-27T00:30:00.000Z', 5230, 'VA'],
      ['98800000000017', '2024-10-28', '2024-10-28T07:05:33.000Z', 7010, 'VA'],
    ]);
  });

  it('skips R67 billing quantities with one warning', () => {
    const result = parseEnedisM023(fixture('ENEDIS_R67_P_Mfact_FIXT0006_00001_20250101000000.json'));
    expect(result.fatal).toBeNull();
    expect(result.readings).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ severity: 'warning', code: 'r67-not-imported' });
    expect(result.issues[0]?.message).toContain('mesures facturantes (R67)');
  });
});

describe('M023 R64 constructed CSV fixture', () => {
  const result = parseEnedisM023(fixture('ENEDIS_R64_P_INDEX_FIXT0002_00001_20250101000000.csv'));
  const values = (id: string) =>
    result.readings.filter((reading) => reading.externalId === id).map((reading) => reading.value);

  it('reads supplier, distributor and total indexes in kWh', () => {
    expect(result.fatal).toBeNull();
    expect(values('98800000000013#HP')).toEqual([12345.678, 12351.234, 12357.89]);
    expect(values('98800000000013#HC')).toEqual([8765.432, 8769.876, 8774.321]);
    expect(values('98800000000013#GRD-HP')).toEqual([12345.678, 12351.234, 12357.89]);
    // The distributor HC index of 2024-04-01 is empty in the file: a missing reading, not zero.
    expect(values('98800000000013#GRD-HC')).toEqual([8765.432, 8769.876, null]);
    expect(values('98800000000013')).toEqual([21111.11, 21121.11, 21132.211]);
    const missing = result.readings.find((reading) => reading.value === null);
    expect(missing).toMatchObject({ quality: 'missing', location: { line: 15, field: 'Valeur' } });
  });

  it('stamps indexes at Paris midnight across the spring change', () => {
    const total = result.readings.filter((reading) => reading.externalId === '98800000000013');
    expect(startsOf(total)).toEqual([
      '2024-03-29T23:00:00.000Z',
      '2024-03-30T23:00:00.000Z',
      '2024-03-31T22:00:00.000Z',
    ]);
  });

  it('skips reactive indexes with one warning', () => {
    expect(result.recordsRead).toBe(16);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'skipped-index-ERI-VArh'],
    ]);
  });
});

describe('M023 CSV edge cases', () => {
  const row = (stamp: string, value: string, nature: string, step = 'PT10M') =>
    `98800000000019;2024-01-01 00:00:00;2024-01-02 00:00:00;PA;CONS;BRUT;W;${stamp};${value};${nature};${step};;`;

  it('falls back on the step and says so', () => {
    const result = parseText(
      [R63_HEADER, row('2024-01-01 10:00:00', '6000', ''), row('2024-01-01 10:10:00', '12000', '')].join(
        '\n',
      ),
    );
    // 10 minutes: a C1–C4 meter, so stamps are starts. 10:00 CET = 09:00 UTC; 6000 W × 1/6 h = 1 kWh.
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.value])).toEqual([
      ['2024-01-01T09:00:00.000Z', 1],
      ['2024-01-01T09:10:00.000Z', 2],
    ]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ severity: 'warning', code: 'segment-assumed' });
    expect(result.issues[0]?.message).toContain('98800000000019');
    expect(result.issues[0]?.message).toContain('10 min');
  });

  it('takes the configured segment first', () => {
    const content = [
      R63_HEADER,
      row('2024-01-01 10:00:00', '6000', 'R'),
      row('2024-01-01 10:10:00', '12000', 'R'),
    ].join('\n');
    const result = parseText(content, undefined, { segments: { '98800000000019': 'C5' } });
    // Configured C5: end stamps, although the nature code is R.
    expect(startsOf(result.readings)).toEqual(['2024-01-01T08:50:00.000Z', '2024-01-01T09:00:00.000Z']);
    expect(result.issues).toEqual([]);
  });

  it('rejects bad rows with their line', () => {
    const content = [
      R63_HEADER,
      row('2024-01-01 10:00:00', '6000', 'B', 'PT30M'),
      row('2024-01-01 10:30:00', 'abc', 'B', 'PT30M'),
      row('2024-01-01 11:00:00', '', 'B', 'PT30M'),
      row('2024-01-01 11:30:00', '600', 'B', 'PT7X'),
      row('2024-13-01 12:00:00', '600', 'B', 'PT30M'),
      '8800000000019;2024-01-01 00:00:00;2024-01-02 00:00:00;PA;CONS;BRUT;W;2024-01-01 12:30:00;600;B;PT30M;;',
    ].join('\n');
    const result = parseText(content);
    expect(result.recordsRead).toBe(6);
    expect(result.readings.map((reading) => [reading.location.line, reading.value, reading.quality])).toEqual(
      [
        [2, 3, 'measured'],
        [4, null, 'missing'],
      ],
    );
    const errors = result.issues.filter((issue) => issue.severity === 'error');
    expect(errors.map((issue) => [issue.line, issue.code])).toEqual([
      [7, 'invalid-prm'],
      [3, 'invalid-number'],
      [5, 'invalid-step'],
      [6, 'invalid-timestamp'],
    ]);
    expect(errors[0]?.message).toContain('13 chiffres');
    expect(errors[1]?.message).toBe(
      'ENEDIS_R63_P_CdC_TEST0001_00001_20250101000000.csv, ligne 3, colonne « Valeur » : « abc » n’est pas un nombre. Le point est rejeté ; corrigez la valeur ou téléchargez de nouveau le fichier.',
    );
    expect(errors[2]?.field).toBe('Pas');
  });

  it('prefers the corrected series over the raw one', () => {
    const content = [
      R63_HEADER,
      row('2024-01-01 10:00:00', '6000', 'B', 'PT30M'),
      row('2024-01-01 10:00:00', '6600', 'C', 'PT30M').replace(';BRUT;', ';BEST;'),
    ].join('\n');
    const result = parseText(content);
    expect(result.readings.map((reading) => [reading.value, reading.quality])).toEqual([[3.3, 'corrected']]);
    expect(result.issues.map((issue) => issue.code)).toEqual(['raw-superseded']);
  });

  it('rejects a file without the M023 header', () => {
    const result = parseText('Date;Valeur\n2024-01-01;3\n');
    expect(result.fatal?.code).toBe('header-not-found');
    expect(result.readings).toEqual([]);
  });
});

describe('M023 JSON and archives', () => {
  it('reads the CSV inside a zip archive', () => {
    const archive = zipSync({ [REAL_NAME]: realBytes, 'ENEDIS_CR_M07VD2PL.txt': strToU8('compte rendu') });
    const result = parseEnedisM023({
      fileName: 'ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019.zip',
      bytes: archive,
    });
    expect(result.fatal).toBeNull();
    expect(result.readings).toHaveLength(195);
    expect(result.readings[0]?.location.file).toBe(
      `ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019.zip/${REAL_NAME}`,
    );
  });

  it('says what to do with a truncated JSON', () => {
    const result = parseText(
      '{"header":{"codeFlux":"R63"},"mesures":[',
      'ENEDIS_R63_P_CdC_X_00001_20250101000000.json',
    );
    expect(result.fatal?.code).toBe('invalid-json');
    expect(result.fatal?.message).toContain('Téléchargez de nouveau');
  });

  it('locates JSON elements it rejects', () => {
    const body = {
      header: { codeFlux: 'R63' },
      mesures: [
        {
          idPrm: '98800000000011',
          grandeur: [
            {
              grandeurMetier: 'CONS',
              grandeurPhysique: 'PA',
              unite: 'W',
              points: [
                { v: '1000', d: '2024-03-31 02:30:00', p: 'PT30M', n: 'B' },
                { v: '1000', p: 'PT30M', n: 'B' },
                { v: null, d: '2024-03-31 03:30:00', p: 'PT30M', n: 'B' },
              ],
            },
          ],
        },
        { idPrm: 'ABC', grandeur: [{ points: [{}, {}] }] },
      ],
    };
    const result = parseText(JSON.stringify(body), 'publication.json');
    expect(result.recordsRead).toBe(5);
    expect(result.readings).toHaveLength(1);
    expect(result.readings[0]).toMatchObject({ value: null, quality: 'missing', stepSeconds: 1800 });
    expect(result.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['nonexistent-local-time', '/mesures[0]/grandeur[0]/points[0]'],
      ['invalid-timestamp', '/mesures[0]/grandeur[0]/points[1]'],
      ['invalid-prm', '/mesures[1]/idPrm'],
    ]);
    expect(result.issues[1]?.raw).toBe('{"v":"1000","p":"PT30M","n":"B"}');
  });
});

describe('detectEnedisM023', () => {
  it('is certain from the CSV header and the JSON code', () => {
    expect(detectEnedisM023(makeDetectInput(REAL_NAME, realBytes))).toBe(1);
    const json = fixture('ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json');
    expect(detectEnedisM023(makeDetectInput('renamed.json', json.bytes))).toBe(1);
  });

  it('trusts the name of a zip archive', () => {
    const archive = zipSync({ 'a.csv': realBytes });
    expect(
      detectEnedisM023(makeDetectInput('ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019.zip', archive)),
    ).toBe(0.9);
    expect(detectEnedisM023(makeDetectInput('export.zip', archive))).toBe(0);
  });

  it('ignores the portal CSV', () => {
    const portal = readFileSync(path.join(SAMPLES, '..', 'enedis-customer-portal', 'Enedis_Conso_Heure.csv'));
    expect(detectEnedisM023(makeDetectInput('Enedis_Conso_Heure.csv', new Uint8Array(portal)))).toBe(0);
  });
});
