import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkbookData } from '../spreadsheet/cells.js';
import { parseBmsCsv, parseBmsWorkbook } from './bms.js';
import type { ParseResult, SeriesReading } from './types.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', 'datasets', 'samples', 'bms');

function sample(fileName: string): { fileName: string; bytes: Uint8Array } {
  return { fileName, bytes: new Uint8Array(readFileSync(path.join(SAMPLES, fileName))) };
}

function text(fileName: string, content: string): { fileName: string; bytes: Uint8Array } {
  return { fileName, bytes: new TextEncoder().encode(content) };
}

function errors(result: ParseResult) {
  return result.issues.filter((issue) => issue.severity === 'error');
}

function warnings(result: ParseResult) {
  return result.issues.filter((issue) => issue.severity === 'warning');
}

function readingsOf(result: ParseResult, externalId: string): SeriesReading[] {
  return result.readings.filter((reading) => reading.externalId === externalId);
}

// The US samples come from a Houston building: America/Chicago, UTC−5 in June (CDT) and
// UTC−6 in November (CST).
const INSIGHT = 'siemens_insight_trend_report_clean_csv_test.csv';
const insightMapping = {
  layout: 'wide',
  timestamp: { dateColumn: 'Date', timeColumn: 'Time' },
  timeZone: 'America/Chicago',
  timestampMeaning: 'start',
  stepMinutes: 5,
  points: [{ source: 'ACB07.1610.DD7140:AUX', externalId: 'AUX', measure: 'TEMPERATURE', unit: 'degF' }],
};

describe('Siemens Insight trend report', () => {
  const result = parseBmsCsv(sample(INSIGHT), insightMapping);

  it('keeps nine distinct rows of ten read', () => {
    expect(result.fatal).toBeNull();
    // Data lines 2, 3, 4, 18-21 and 37-39; line 3 repeats line 2 exactly.
    expect(result.recordsRead).toBe(10);
    expect(result.readings).toHaveLength(9);
    expect(result.readings.map((reading) => reading.location.line)).toEqual([
      2, 4, 18, 19, 20, 21, 37, 38, 39,
    ]);
    expect(errors(result)).toEqual([]);
  });

  it('converts the first and last rows by hand', () => {
    const first = result.readings[0];
    // 6/15/2022 0:00:00 CDT is 05:00 UTC; 73.5 °F = (73.5 − 32) × 5/9 = 207.5/9 °C.
    expect(first?.start.toISOString()).toBe('2022-06-15T05:00:00.000Z');
    expect(first?.value).toBeCloseTo(23.055556, 6);
    expect(first?.stepSeconds).toBe(300);
    expect(first?.quality).toBe('measured');
    expect(first?.measure).toBe('TEMPERATURE');
    expect(first?.location).toEqual({
      file: INSIGHT,
      line: 2,
      element: null,
      field: 'ACB07.1610.DD7140:AUX',
    });
    const afterBreak = result.readings[2];
    // 2:20:00 CDT is 07:20 UTC; 68.5 °F = 36.5 × 5/9 = 182.5/9 °C.
    expect(afterBreak?.start.toISOString()).toBe('2022-06-15T07:20:00.000Z');
    expect(afterBreak?.value).toBeCloseTo(20.277778, 6);
    const last = result.readings[8];
    // 6:25:00 CDT is 11:25 UTC; 67 °F = 35 × 5/9 = 175/9 °C.
    expect(last?.start.toISOString()).toBe('2022-06-15T11:25:00.000Z');
    expect(last?.value).toBeCloseTo(19.444444, 6);
  });

  it('reports page breaks as one warning', () => {
    const skipped = warnings(result).find((issue) => issue.code === 'skipped-lines');
    expect(skipped?.message).toContain('12 ligne(s)');
    expect(skipped?.message).toContain('lignes 7, 12-13, 15-17, 24, 31-32, 34-36');
    const duplicate = warnings(result).find((issue) => issue.code === 'duplicate-values');
    expect(duplicate?.line).toBe(3);
    expect(duplicate?.message).toContain('1 valeur(s) répétée(s)');
    expect(result.issues).toHaveLength(2);
  });

  it('rejects a mapped state column row by row', () => {
    const withState = parseBmsCsv(sample(INSIGHT), {
      ...insightMapping,
      points: [
        ...insightMapping.points,
        { source: 'ACB07.1610.DD7140:CAL', externalId: 'CAL', measure: 'TEMPERATURE', unit: 'degF' },
      ],
    });
    const stateErrors = errors(withState);
    expect(stateErrors).toHaveLength(10);
    expect(stateErrors[0]).toMatchObject({
      file: INSIGHT,
      line: 2,
      field: 'ACB07.1610.DD7140:CAL',
      code: 'non-numeric-value',
      raw: '6/15/2022,0:00:00,73.5,NO',
    });
    expect(stateErrors[0]?.message).toContain(
      'ligne 2, colonne « ACB07.1610.DD7140:CAL » : « NO » n’est pas un nombre',
    );
    expect(stateErrors[0]?.message).toContain('retirez-le de la correspondance');
    expect(readingsOf(withState, 'AUX')).toHaveLength(9);
    expect(readingsOf(withState, 'CAL')).toHaveLength(0);
  });
});

const DD03 = 'DD03_extract.csv';
const dd03Points = [
  { source: 'DischargeTemperature', externalId: 'DD03-DAT', measure: 'TEMPERATURE', unit: 'degF' },
  { source: 'RoomTemperature', externalId: 'DD03-RT', measure: 'TEMPERATURE', unit: 'degF' },
];

describe('Siemens DD03 multi-point trend', () => {
  const split = parseBmsCsv(sample(DD03), {
    layout: 'wide',
    timestamp: { dateColumn: 'Date', timeColumn: 'Time' },
    timeZone: 'America/Chicago',
    timestampMeaning: 'start',
    stepMinutes: 5,
    points: dd03Points,
  });

  it('reads 288 five-minute rows per point', () => {
    expect(split.fatal).toBeNull();
    expect(split.recordsRead).toBe(288);
    expect(readingsOf(split, 'DD03-DAT')).toHaveLength(288);
    expect(readingsOf(split, 'DD03-RT')).toHaveLength(288);
    expect(errors(split)).toEqual([]);
  });

  it('converts the first row by hand', () => {
    const discharge = readingsOf(split, 'DD03-DAT')[0];
    // 11/19/2021 0:00 CST (UTC−6) is 06:00 UTC; the day 19 proves month/day/year.
    expect(discharge?.start.toISOString()).toBe('2021-11-19T06:00:00.000Z');
    // 52.5 °F = (52.5 − 32) × 5/9 = 102.5/9 = 11.3888… °C.
    expect(discharge?.value).toBeCloseTo(11.388889, 6);
    const room = readingsOf(split, 'DD03-RT')[0];
    // 67.25 °F = 35.25 × 5/9 = 176.25/9 = 19.5833… °C.
    expect(room?.value).toBeCloseTo(19.583333, 6);
  });

  it('converts the last row by hand', () => {
    const last = readingsOf(split, 'DD03-DAT')[287];
    // 11/19/2021 23:55 CST is 05:55 UTC the next day; 53 °F = 21 × 5/9 = 105/9 °C.
    expect(last?.start.toISOString()).toBe('2021-11-20T05:55:00.000Z');
    expect(last?.value).toBeCloseTo(11.666667, 6);
    expect(last?.location.line).toBe(289);
  });

  it('matches the day total of discharge temperatures', () => {
    // The 288 DischargeTemperature values of the sample add up to 15199 °F (awk over the file),
    // so the °C values add up to (15199 − 288 × 32) × 5/9 = 5983 × 5/9 = 29915/9.
    const total = readingsOf(split, 'DD03-DAT').reduce((sum, reading) => sum + (reading.value ?? 0), 0);
    expect(total).toBeCloseTo(3323.888889, 5);
  });

  it('reads the ISO DateTime column to the same instants', () => {
    const single = parseBmsCsv(sample(DD03), {
      layout: 'wide',
      timestamp: { column: 'DateTime' },
      timeZone: 'America/Chicago',
      timestampMeaning: 'start',
      stepMinutes: 5,
      points: dd03Points,
    });
    expect(single.readings.map((reading) => reading.start.getTime())).toEqual(
      split.readings.map((reading) => reading.start.getTime()),
    );
  });

  it('lists the unmapped numeric columns once', () => {
    const unmapped = warnings(split).filter((issue) => issue.code === 'unmapped-columns');
    expect(unmapped).toHaveLength(1);
    // 19 columns: Date, Time, DateTime, two mapped points, HeatCoolMode and STPTDIAL (text), 12 numeric.
    expect(unmapped[0]?.message).toContain('12 colonne(s)');
    expect(unmapped[0]?.message).toContain('« CoolingDamperCommand »');
    expect(unmapped[0]?.message).not.toContain('HeatCoolMode');
  });

  it('reads Paris time when the mapping says so', () => {
    const paris = parseBmsCsv(sample(DD03), {
      layout: 'wide',
      timestamp: { column: 'DateTime' },
      timestampMeaning: 'start',
      stepMinutes: 5,
      points: dd03Points.slice(0, 1),
    });
    // 2021-11-19 00:00 in Paris (CET, UTC+1) is 23:00 UTC the day before.
    expect(paris.readings[0]?.start.toISOString()).toBe('2021-11-18T23:00:00.000Z');
  });
});

describe('AHU trend with one empty row', () => {
  it('returns missing readings, never zeros', () => {
    const result = parseBmsCsv(sample('ahu_test.csv'), {
      layout: 'wide',
      timestamp: { column: 'DateTime' },
      timeZone: 'America/Chicago',
      timestampMeaning: 'start',
      points: [
        { source: 'SupplyAirTemperature', externalId: 'AHU-SAT', measure: 'TEMPERATURE', unit: 'degF' },
        { source: 'OutdoorAirTemperature', externalId: 'AHU-OAT', measure: 'TEMPERATURE', unit: 'degF' },
        {
          source: 'HeatingCoilLeavingTemperature',
          externalId: 'AHU-HCLT',
          measure: 'TEMPERATURE',
          unit: 'degF',
        },
      ],
    });
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(1);
    expect(result.readings).toHaveLength(3);
    for (const reading of result.readings) {
      expect(reading.value).toBeNull();
      expect(reading.quality).toBe('missing');
      expect(reading.start.toISOString()).toBe('2021-11-19T06:00:00.000Z');
      // No step in the mapping: a sampled temperature keeps no interval length.
      expect(reading.stepSeconds).toBeNull();
    }
    expect(result.issues).toEqual([]);
  });
});

const frenchMapping = {
  layout: 'wide',
  timestamp: { column: 'Horodatage' },
  timestampMeaning: 'end',
  stepMinutes: 10,
  points: [
    { source: 'Compteur TGBT', externalId: 'TGBT', measure: 'ENERGY', unit: 'Wh' },
    { source: 'Puissance CTA', externalId: 'CTA', measure: 'POWER', unit: 'W' },
  ],
};

describe('French-locale exports', () => {
  it('reads semicolons, decimal commas and Windows-1252', () => {
    const content =
      'Horodatage;Compteur TGBT;Puissance CTA;Température salle\r\n15/01/2024 00:10;1 234,5;12 500;19,5\r\n';
    const bytes = Uint8Array.from(content, (character) =>
      character === 'é' ? 0xe9 : character.charCodeAt(0),
    );
    const result = parseBmsCsv({ fileName: 'gtb.csv', bytes }, frenchMapping);
    expect(result.fatal).toBeNull();
    const [energy, power] = result.readings;
    // 00:10 CET marks the end of a 10-minute interval starting 00:00 CET = 23:00 UTC.
    expect(energy?.start.toISOString()).toBe('2024-01-14T23:00:00.000Z');
    expect(energy?.stepSeconds).toBe(600);
    // 1 234,5 Wh = 1.2345 kWh; 12 500 W = 12.5 kW.
    expect(energy?.value).toBeCloseTo(1.2345, 10);
    expect(power?.value).toBeCloseTo(12.5, 10);
    expect(warnings(result).map((issue) => issue.code)).toEqual(['unmapped-columns']);
    expect(warnings(result)[0]?.message).toContain('« Température salle »');
  });

  it('stops on dates that fit both orders', () => {
    const result = parseBmsCsv(
      text('gtb.csv', 'Horodatage;Compteur TGBT\n05/01/2024 00:10;1\n06/01/2024 00:10;2\n'),
      frenchMapping,
    );
    expect(result.fatal?.code).toBe('ambiguous-date-order');
    expect(result.fatal?.message).toContain('« dateOrder »');
    expect(result.readings).toEqual([]);
    const configured = parseBmsCsv(text('gtb.csv', 'Horodatage;Compteur TGBT\n05/01/2024 00:10;1\n'), {
      ...frenchMapping,
      dateOrder: 'dmy',
    });
    // 5 January 2024 00:10 CET, interval end → start 00:00 CET = 4 January 23:00 UTC.
    expect(configured.readings[0]?.start.toISOString()).toBe('2024-01-04T23:00:00.000Z');
  });

  it('decides the date order once for the file', () => {
    // Row 2 alone is ambiguous; row 3 (day 13) proves day/month for every row.
    const result = parseBmsCsv(
      text('gtb.csv', 'Horodatage;Compteur TGBT\n12/01/2024 00:10;1\n13/01/2024 00:10;2\n'),
      frenchMapping,
    );
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-01-11T23:00:00.000Z',
      '2024-01-12T23:00:00.000Z',
    ]);
  });

  it('rejects a different value at the same instant', () => {
    const result = parseBmsCsv(
      text(
        'gtb.csv',
        'Horodatage;Compteur TGBT\n15/01/2024 00:10;100\n15/01/2024 00:10;100\n15/01/2024 00:10;250\n',
      ),
      frenchMapping,
    );
    expect(result.readings).toHaveLength(1);
    expect(result.readings[0]?.value).toBeCloseTo(0.1, 10);
    expect(errors(result)).toHaveLength(1);
    expect(errors(result)[0]).toMatchObject({ line: 4, field: 'Compteur TGBT', code: 'duplicate-timestamp' });
    expect(errors(result)[0]?.message).toContain('ligne 2');
    // The mapping's « Puissance CTA » column is absent from this file, hence the first warning.
    expect(warnings(result).map((issue) => issue.code)).toEqual(['column-not-found', 'duplicate-values']);
    expect(result.recordsRead).toBe(3);
  });

  it('keeps empty cells as gaps', () => {
    const result = parseBmsCsv(
      text('gtb.csv', 'Horodatage;Compteur TGBT;Puissance CTA\n15/01/2024 00:10;;0\n'),
      frenchMapping,
    );
    expect(result.readings.map((reading) => [reading.value, reading.quality])).toEqual([
      [null, 'missing'],
      [0, 'measured'],
    ]);
  });

  it('rejects a row whose timestamp is unreadable', () => {
    const result = parseBmsCsv(
      text('gtb.csv', 'Horodatage;Compteur TGBT\n15/01/2024 25:10;5\n15/01/2024 00:20;6\n'),
      frenchMapping,
    );
    expect(result.recordsRead).toBe(2);
    expect(result.readings).toHaveLength(1);
    expect(errors(result)[0]).toMatchObject({ line: 2, field: 'Horodatage', code: 'invalid-timestamp' });
    expect(errors(result)[0]?.message).toContain('gtb.csv, ligne 2, colonne « Horodatage »');
  });

  it('honours a zone written in the value', () => {
    const result = parseBmsCsv(
      text(
        'gtb.csv',
        'Horodatage;Compteur TGBT\n27/10/2024 02:30 CEST;1\n27/10/2024 02:30 CET;2\n27/10/2024 02:30:00+00:00;3\n',
      ),
      { ...frenchMapping, timestampMeaning: 'start' },
    );
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T01:30:00.000Z',
      '2024-10-27T02:30:00.000Z',
    ]);
  });

  it('reads a 12-hour clock and UTF-16 LE', () => {
    const content =
      '\uFEFFDate\tTime\tCompteur TGBT\r\n1/13/2024\t12:05 AM\t1.5\r\n1/13/2024\t1:05:30 PM\t2.5\r\n';
    const bytes = new Uint8Array(content.length * 2);
    for (let index = 0; index < content.length; index += 1) {
      const code = content.charCodeAt(index);
      bytes[index * 2] = code & 0xff;
      bytes[index * 2 + 1] = code >> 8;
    }
    const result = parseBmsCsv(
      { fileName: 'unicode.txt', bytes },
      {
        ...frenchMapping,
        timestamp: { dateColumn: 'Date', timeColumn: 'Time' },
        timestampMeaning: 'start',
        timeZone: 'UTC',
      },
    );
    expect(result.fatal).toBeNull();
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.value])).toEqual([
      ['2024-01-13T00:05:00.000Z', 0.0015],
      ['2024-01-13T13:05:30.000Z', 0.0025],
    ]);
  });

  it('fails on a missing header with the expected columns', () => {
    const result = parseBmsCsv(text('gtb.csv', 'Date;Valeur\n15/01/2024;1\n'), frenchMapping);
    expect(result.fatal?.code).toBe('header-not-found');
    expect(result.fatal?.message).toContain('« Horodatage »');
  });

  it('fails without a mapping', () => {
    const result = parseBmsCsv(text('gtb.csv', 'Horodatage;Compteur TGBT\n'), null);
    expect(result.fatal?.code).toBe('mapping-required');
    const invalid = parseBmsCsv(text('gtb.csv', 'Horodatage;Compteur TGBT\n'), { layout: 'wide' });
    expect(invalid.fatal?.code).toBe('invalid-mapping');
    expect(invalid.fatal?.message).toContain('« timestamp »');
  });
});

describe('timestamp meaning', () => {
  it('moves a mid-interval stamp to the interval start', () => {
    // EcoStruxure stamps the 08:00-09:00 value at 08:30; 08:00 CEST is 06:00 UTC.
    const result = parseBmsCsv(text('ebo.csv', 'Horodatage;Energie\n2024-06-03 08:30:00;12\n'), {
      layout: 'wide',
      timestamp: { column: 'Horodatage' },
      timestampMeaning: 'middle',
      stepMinutes: 60,
      points: [{ source: 'Energie', externalId: 'EBO-E', measure: 'ENERGY', unit: 'kWh' }],
    });
    expect(result.readings[0]?.start.toISOString()).toBe('2024-06-03T06:00:00.000Z');
    expect(result.readings[0]?.stepSeconds).toBe(3600);
  });
});

describe('Niagara history export', () => {
  it('reads statuses, flags and units of a one-point file', () => {
    const content = [
      'Timestamp,Trend Flags,Status,Value',
      '22-Sep-26 09:00:01 AM UTC,{start},{ok},72.5 °F',
      '22-Sep-26 09:15:01 AM UTC,{},{null},0',
      '22-Sep-26 09:30:01 AM UTC,{Interpolated},{ok},73.0 °F',
      '22-Sep-26 09:45:01 AM UTC,{},"{fault,alarm}",',
      '22-Sep-26 10:00:01 AM UTC,{},{ok},OFF',
    ].join('\n');
    const result = parseBmsCsv(text('history.csv', content), {
      layout: 'long',
      timestamp: { column: 'Timestamp' },
      long: { valueColumn: 'Value', statusColumn: 'Status', flagsColumn: 'Trend Flags' },
      timestampMeaning: 'start',
      points: [{ source: 'AHU1 Supply Temp', externalId: 'AHU1-ST', measure: 'TEMPERATURE', unit: 'degF' }],
    });
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(5);
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.quality])).toEqual([
      ['2026-09-22T09:00:01.000Z', 'measured'],
      ['2026-09-22T09:15:01.000Z', 'missing'],
      ['2026-09-22T09:30:01.000Z', 'estimated'],
      ['2026-09-22T09:45:01.000Z', 'missing'],
    ]);
    // 72.5 °F = 40.5 × 5/9 = 22.5 °C; 73 °F = 41 × 5/9 = 22.777… °C.
    expect(result.readings[0]?.value).toBeCloseTo(22.5, 10);
    expect(result.readings[1]?.value).toBeNull();
    expect(result.readings[2]?.value).toBeCloseTo(22.777778, 6);
    expect(errors(result)).toHaveLength(1);
    expect(errors(result)[0]).toMatchObject({ line: 6, field: 'Value', code: 'non-numeric-value' });
  });

  it('maps points by name and warns about the others', () => {
    const content =
      'Time;Point;Value\n2024-03-01 10:00;Chaudière;1\n2024-03-01 10:00;Pompe;2\n2024-03-01 10:00;Vanne;3\n';
    const result = parseBmsCsv(text('long.csv', content), {
      layout: 'long',
      timestamp: { column: 'Time' },
      long: { pointColumn: 'Point', valueColumn: 'Value' },
      timestampMeaning: 'start',
      stepMinutes: 60,
      points: [{ source: 'chaudière', externalId: 'CH1', measure: 'ENERGY', unit: 'MWh' }],
    });
    expect(result.readings).toHaveLength(1);
    // 1 MWh = 1000 kWh; 10:00 CET = 09:00 UTC.
    expect(result.readings[0]).toMatchObject({ externalId: 'CH1', value: 1000, stepSeconds: 3600 });
    expect(result.readings[0]?.start.toISOString()).toBe('2024-03-01T09:00:00.000Z');
    expect(warnings(result)[0]?.code).toBe('unknown-points');
    expect(warnings(result)[0]?.message).toContain('« Pompe », « Vanne »');
  });
});

describe('weather points', () => {
  it('merges the quantities of one instant from a long file', () => {
    const content =
      'Time,Point,Value\n2024-01-01 00:00,T ext,5.5\n2024-01-01 00:00,HR ext,81\n2024-01-01 01:00,T ext,41 °F\n';
    const result = parseBmsCsv(text('meteo.csv', content), {
      layout: 'long',
      timestamp: { column: 'Time' },
      long: { pointColumn: 'Point', valueColumn: 'Value' },
      timeZone: 'UTC',
      timestampMeaning: 'start',
      points: [
        { target: 'weather', source: 'T ext', stationCode: 'TOIT-A', quantity: 'temperature', unit: 'degC' },
        { target: 'weather', source: 'HR ext', stationCode: 'TOIT-A', quantity: 'humidity' },
      ],
    });
    expect(
      result.weatherHourly.map((record) => [
        record.observedAt.toISOString(),
        record.temperatureC,
        record.relativeHumidityPct,
      ]),
    ).toEqual([['2024-01-01T00:00:00.000Z', 5.5, 81]]);
    // « 41 °F » is written in another unit than the point's °C: rejected, not converted, so the
    // 01:00 row yields no record.
    expect(errors(result)).toHaveLength(1);
    expect(errors(result)[0]).toMatchObject({ line: 4, code: 'unit-mismatch' });
  });
});

describe('BMS workbook', () => {
  it('reads date cells, serial numbers and text numbers', () => {
    const workbook: WorkbookData = {
      date1904: false,
      sheets: [
        { name: 'Notes', rows: [] },
        {
          name: 'Tendances',
          rows: [
            { number: 1, cells: ['Export GTB bâtiment A'] },
            { number: 3, cells: ['Date', 'Heure', 'Index chaufferie'] },
            {
              number: 4,
              cells: [new Date(Date.UTC(2024, 0, 15)), new Date(Date.UTC(1899, 11, 30, 6, 30)), 1500],
            },
            // 45306.75 is 15 January 2024 18:00 in the 1900 date system; 0.25 of a day is 06:00.
            { number: 5, cells: [45306.75, 0.25, '1 600,5'] },
            { number: 6, cells: ['16/01/2024', '07:00', { excelError: '#N/A' }] },
          ],
        },
      ],
    };
    const result = parseBmsWorkbook(
      { fileName: 'export.xlsx', bytes: new Uint8Array(), workbook },
      {
        layout: 'wide',
        sheet: 'tendances',
        timestamp: { dateColumn: 'Date', timeColumn: 'Heure' },
        timestampMeaning: 'end',
        stepMinutes: 60,
        points: [{ source: 'Index chaufferie', externalId: 'IDX-CH', measure: 'INDEX', unit: 'MWh' }],
      },
    );
    expect(result.fatal).toBeNull();
    // An index is read at its timestamp: no shift by the interval end, no step.
    expect(
      result.readings.map((reading) => [reading.start.toISOString(), reading.value, reading.stepSeconds]),
    ).toEqual([
      ['2024-01-15T05:30:00.000Z', 1_500_000, null],
      ['2024-01-15T05:00:00.000Z', 1_600_500, null],
    ]);
    expect(result.readings[0]?.location).toEqual({
      file: 'export.xlsx',
      line: 4,
      element: 'Tendances!C4',
      field: 'Index chaufferie',
    });
    expect(errors(result)[0]).toMatchObject({ line: 6, element: 'Tendances!C6', code: 'invalid-number' });
  });

  it('fails without workbook cells', () => {
    const result = parseBmsWorkbook({ fileName: 'export.xlsx', bytes: new Uint8Array() }, insightMapping);
    expect(result.fatal?.code).toBe('not-a-workbook');
  });
});
