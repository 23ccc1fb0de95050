import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDetectInput } from './index.js';
import { detectMeteoFranceDaily, parseMeteoFranceDaily } from './meteo-france.js';

const SAMPLE = 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv';
const SAMPLE_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'meteo-france',
  SAMPLE,
);
const sampleBytes = new Uint8Array(readFileSync(SAMPLE_PATH));
const HEADER = new TextDecoder().decode(sampleBytes).split('\n')[0] as string;

/** Builds a row of the 58-column layout with the leading and temperature fields set, the rest empty. */
function row(fields: {
  code: string;
  name?: string;
  date: string;
  tn?: string;
  qtn?: string;
  tx?: string;
  qtx?: string;
  tntxm?: string;
  qtntxm?: string;
}): string {
  const cells = new Array<string>(58).fill('');
  cells[0] = fields.code;
  cells[1] = fields.name ?? 'STATION TEST';
  cells[2] = '45.362667';
  cells[3] = '5.329500';
  cells[4] = '384';
  cells[5] = fields.date;
  cells[8] = fields.tn ?? '1.0';
  cells[9] = fields.qtn ?? '1';
  cells[12] = fields.tx ?? '9.0';
  cells[13] = fields.qtx ?? '1';
  cells[18] = fields.tntxm ?? '5.0';
  cells[19] = fields.qtntxm ?? '1';
  return cells.join(';');
}

function parseText(content: string, fileName = 'Q_38_latest-2024-2025_RR-T-Vent.csv') {
  return parseMeteoFranceDaily({ fileName, bytes: new TextEncoder().encode(content) });
}

describe('Météo-France daily sample', () => {
  const result = parseMeteoFranceDaily({ fileName: SAMPLE, bytes: sampleBytes });
  const entzheim = result.weatherDaily.filter((record) => record.stationCode === '67124001');

  it('reads all 52 rows without issue', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.recordsRead).toBe(52);
    expect(result.weatherDaily).toHaveLength(52);
    expect(entzheim).toHaveLength(34);
  });

  it('reads Strasbourg-Entzheim days as published', () => {
    const byDate = new Map(entzheim.map((record) => [record.date, record]));
    expect(byDate.get('2024-01-01')).toEqual({
      stationCode: '67124001',
      stationName: 'STRASBOURG-ENTZHEIM',
      latitude: 48.5495,
      longitude: 7.640333,
      altitudeM: 150,
      date: '2024-01-01',
      tnC: 5,
      txC: 10.4,
      tntxmC: 7.7,
      tnQuality: '1',
      txQuality: '1',
      tntxmQuality: '1',
      location: { file: SAMPLE, line: 11, element: null, field: null },
    });
    expect(byDate.get('2024-01-17')).toMatchObject({ tnC: -5.5, txC: 10.1, tntxmC: 2.3 });
    expect(byDate.get('2024-10-27')).toMatchObject({ tnC: 10.3, txC: 20.9, tntxmC: 15.6 });
    expect(byDate.get('2025-08-12')).toMatchObject({ tnC: 15, txC: 32.3, tntxmC: 23.7 });
  });

  it('matches the January 2024 mean by hand', () => {
    const january = entzheim.filter((record) => record.date.startsWith('2024-01'));
    expect(january).toHaveLength(31);
    // TNTXM of the 31 days read in the sample: the 20 positive ones add up to 124.0 and the 11
    // negative ones to −23.3, so the sum is 100.7 and the mean 100.7 / 31 = 3.2484 °C.
    const sum = january.reduce((total, record) => total + (record.tntxmC ?? 0), 0);
    expect(sum).toBeCloseTo(100.7, 9);
    expect(sum / 31).toBeCloseTo(3.2484, 4);
  });

  it('reads the automatic station with empty columns', () => {
    const wangenbourg = result.weatherDaily.filter((record) => record.stationCode === '67122001');
    expect(wangenbourg).toHaveLength(9);
    expect(wangenbourg[8]).toMatchObject({
      stationName: 'WANGENBOURG_SAPC',
      latitude: 48.6425,
      longitude: 7.307,
      altitudeM: 460,
      date: '2024-01-09',
      tnC: -8.5,
      txC: -4,
      tntxmC: -6.3,
    });
    const botanique = result.weatherDaily.find((record) => record.stationCode === '67482001');
    expect(botanique?.stationName).toBe('STRASBOURG - BOTANIQUE');
  });

  it('is recognised by its header', () => {
    expect(detectMeteoFranceDaily(makeDetectInput(SAMPLE, sampleBytes))).toBe(1);
  });
});

describe('Météo-France daily rows', () => {
  it('keeps quality codes and gaps', () => {
    const result = parseText(
      [
        HEADER,
        row({
          code: '38384001',
          date: '20240101',
          tn: '-0.1',
          qtn: '9',
          tx: '',
          qtx: '',
          tntxm: '',
          qtntxm: '',
        }),
        row({ code: '38384001', date: '20240102', qtn: '0', qtx: '2', qtntxm: '1' }),
      ].join('\n'),
    );
    expect(result.issues).toEqual([]);
    expect(
      result.weatherDaily.map((record) => [
        record.tnC,
        record.tnQuality,
        record.txC,
        record.txQuality,
        record.tntxmC,
      ]),
    ).toEqual([
      [-0.1, '9', null, null, null],
      [1, '0', 9, '2', 5],
    ]);
  });

  it('keeps the leading zero of the station code', () => {
    const result = parseText([HEADER, row({ code: ' 01014002', date: '20240101' })].join('\n'));
    expect(result.weatherDaily[0]?.stationCode).toBe('01014002');
  });

  it('rejects bad rows and keeps the others', () => {
    const result = parseText(
      [
        HEADER,
        row({ code: '38384001', date: '20240230' }),
        row({ code: '38384001', date: '20240301', tn: '5,0' }),
        row({ code: '1014002', date: '20240302' }),
        row({ code: '38384001', date: '20240303', qtx: 'A' }),
        row({ code: '38384001', date: '20240304' }).slice(0, 40),
        row({ code: '38384001', date: '20240305' }),
      ].join('\n'),
    );
    expect(result.weatherDaily.map((record) => record.date)).toEqual(['2024-03-05']);
    expect(result.recordsRead).toBe(6);
    expect(result.issues.map((issue) => [issue.line, issue.field, issue.code])).toEqual([
      [2, 'AAAAMMJJ', 'invalid-date'],
      [3, 'TN', 'invalid-number'],
      [4, 'NUM_POSTE', 'invalid-station-code'],
      [5, 'QTX', 'invalid-quality-code'],
      [6, null, 'column-count'],
    ]);
    expect(result.issues[1]?.message).toContain('ligne 3, colonne « TN » : « 5,0 » n’est pas un nombre');
    expect(result.issues[2]?.message).toContain('zéro initial');
    expect(result.issues.every((issue) => issue.severity === 'error' && issue.raw !== null)).toBe(true);
  });

  it('rejects a second, different value for a day', () => {
    const result = parseText(
      [
        HEADER,
        row({ code: '38384001', date: '20240101' }),
        row({ code: '38384001', date: '20240101' }),
        row({ code: '38384001', date: '20240101', tn: '2.0' }),
      ].join('\n'),
    );
    expect(result.weatherDaily).toHaveLength(1);
    expect(result.issues.map((issue) => [issue.severity, issue.code, issue.line])).toEqual([
      ['error', 'duplicate-day', 4],
      ['warning', 'duplicate-values', null],
    ]);
  });

  it('rejects legacy files with mq', () => {
    const legacy = parseText('numer_sta;date;pmer;tend\n07005;20100101000000;mq;mq\n', 'synop.201001.csv');
    expect(legacy.fatal?.code).toBe('legacy-format');
    expect(legacy.fatal?.message).toContain('« mq »');
    expect(legacy.weatherDaily).toEqual([]);
    const mqInCurrentLayout = parseText(
      [HEADER, row({ code: '38384001', date: '20240101', tn: 'mq' })].join('\n'),
    );
    expect(mqInCurrentLayout.fatal?.code).toBe('legacy-format');
  });

  it('rejects the other file family', () => {
    const result = parseText('NUM_POSTE;NOM_USUEL;LAT;LON;ALTI;AAAAMMJJ;PMERM;QPMERM\n');
    expect(result.fatal?.code).toBe('missing-column');
    expect(result.fatal?.message).toContain('RR-T-Vent');
  });

  it('rejects a compressed file', () => {
    const result = parseMeteoFranceDaily({
      fileName: 'Q_38_latest-2024-2025_RR-T-Vent.csv.gz',
      bytes: Uint8Array.of(0x1f, 0x8b, 8, 0),
    });
    expect(result.fatal?.code).toBe('binary-file');
  });
});

describe('Météo-France detection', () => {
  it('trusts the name of a compressed file less', () => {
    const gzipHead = Uint8Array.of(0x1f, 0x8b, 8, 0);
    expect(
      detectMeteoFranceDaily(makeDetectInput('Q_2A_previous-1950-2023_RR-T-Vent.csv.gz', gzipHead)),
    ).toBe(0.6);
    expect(detectMeteoFranceDaily(makeDetectInput('Q_987_latest-2024-2025_RR-T-Vent.csv', gzipHead))).toBe(
      0.6,
    );
    expect(detectMeteoFranceDaily(makeDetectInput('archive.gz', gzipHead))).toBe(0);
  });

  it('ignores unrelated text', () => {
    expect(
      detectMeteoFranceDaily(makeDetectInput('export.csv', new TextEncoder().encode('Date;Heure;Valeur\n'))),
    ).toBe(0);
  });
});
