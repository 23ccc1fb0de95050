import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBmsCsv } from './bms.js';
import { parseMeteoFranceDaily } from './meteo-france.js';
import type { ParseResult } from './types.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', 'datasets', 'samples');
const DD03_LINES = readFileSync(path.join(SAMPLES, 'bms', 'DD03_extract.csv'), 'utf8')
  .split('\n')
  .slice(0, 25);
const INSIGHT_LINES = readFileSync(
  path.join(SAMPLES, 'bms', 'siemens_insight_trend_report_clean_csv_test.csv'),
  'utf8',
).split('\n');
const METEO_LINES = readFileSync(
  path.join(SAMPLES, 'meteo-france', 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv'),
  'utf8',
)
  .split('\n')
  .slice(0, 20);

const bmsMapping = {
  layout: 'wide',
  timestamp: { dateColumn: 'Date', timeColumn: 'Time' },
  timeZone: 'Europe/Paris',
  timestampMeaning: 'end',
  stepMinutes: 5,
  points: [
    { source: 'DischargeTemperature', externalId: 'DAT', measure: 'TEMPERATURE', unit: 'degF' },
    { source: 'CoolingAirVolume', externalId: 'CAV', measure: 'VOLUME', unit: 'L', multiplier: 0.5 },
    { source: 'ACB07.1610.DD7140:AUX', externalId: 'AUX', measure: 'TEMPERATURE', unit: 'degC' },
    { source: 'HeatCoolMode', externalId: 'HCM', measure: 'POWER', unit: 'kW' },
  ],
};
const EXTERNAL_IDS = new Set(bmsMapping.points.map((point) => point.externalId));

const JUNK_CELLS = [
  'ON',
  'OFF',
  'COOL',
  'YES',
  '{null}',
  '{fault}',
  '',
  '- 1 -',
  '"',
  '""',
  '1e999',
  'NaN',
  '−3,5',
  '24:00',
  '2/30/2022',
];

/** Edits applied to a valid file: each picks its line and position from the generated numbers. */
const editArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant('junk-cell' as const),
    line: fc.nat(),
    cell: fc.nat(),
    junk: fc.constantFrom(...JUNK_CELLS),
  }),
  fc.record({
    kind: fc.constant('separator' as const),
    line: fc.nat(),
    separator: fc.constantFrom(';', '\t', ',', '|'),
  }),
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
);

type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(lines: readonly string[], edits: readonly Edit[], fieldSeparator: string): string {
  const result = [...lines];
  for (const edit of edits) {
    if (result.length === 0) break;
    const index = edit.line % result.length;
    const line = result[index] as string;
    if (edit.kind === 'truncate') result[index] = line.slice(0, edit.at % (line.length + 1));
    if (edit.kind === 'junk-cell') {
      const cells = line.split(fieldSeparator);
      cells.splice(edit.cell % (cells.length + 1), 0, edit.junk);
      result[index] = cells.join(fieldSeparator);
    }
    if (edit.kind === 'separator') result[index] = line.replaceAll(fieldSeparator, edit.separator);
    if (edit.kind === 'insert') result.splice(index, 0, edit.text);
    if (edit.kind === 'delete') result.splice(index, 1);
    if (edit.kind === 'duplicate') result.splice(index, 0, line);
  }
  return result.join('\n');
}

function checkBmsResult(result: ParseResult): void {
  if (result.fatal) {
    expect(result.readings).toEqual([]);
    expect(result.fatal.message.length).toBeGreaterThan(0);
    return;
  }
  for (const reading of result.readings) {
    expect(EXTERNAL_IDS.has(reading.externalId)).toBe(true);
    expect(reading.start).toBeInstanceOf(Date);
    expect(Number.isNaN(reading.start.getTime())).toBe(false);
    if (reading.quality === 'missing') expect(reading.value).toBeNull();
    else expect(Number.isFinite(reading.value)).toBe(true);
    expect(reading.location.line).toBeGreaterThanOrEqual(1);
  }
  for (const issue of result.issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    if (issue.severity === 'error') expect(issue.line).toBeGreaterThanOrEqual(1);
  }
}

function parseBytes(bytes: Uint8Array): ParseResult {
  return parseBmsCsv({ fileName: 'fuzz.csv', bytes }, bmsMapping);
}

describe('BMS parser fuzzing', () => {
  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkBmsResult(parseBytes(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('survives mangled DD03 and Insight files', () => {
    let runsWithReadings = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(DD03_LINES, INSIGHT_LINES),
        fc.array(editArbitrary, { maxLength: 12 }),
        (lines, edits) => {
          const result = parseBytes(new TextEncoder().encode(applyEdits(lines, edits, ',')));
          checkBmsResult(result);
          if (result.readings.length > 0) runsWithReadings += 1;
        },
      ),
      { numRuns: 400 },
    );
    // The edits leave most files readable, so the checks above ran on real readings.
    expect(runsWithReadings).toBeGreaterThan(100);
  });

  it('survives random text with a valid header', () => {
    const cell = fc.oneof(
      fc.constantFrom(...JUNK_CELLS),
      fc.string({ maxLength: 8 }),
      fc.double().map(String),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }), (rows) => {
        const content = [
          'Date,Time,DischargeTemperature,CoolingAirVolume',
          ...rows.map((row) => row.join(',')),
        ].join('\r\n');
        checkBmsResult(parseBytes(new TextEncoder().encode(content)));
      }),
      { numRuns: 300 },
    );
  });
});

function checkMeteoResult(result: ParseResult): void {
  if (result.fatal) {
    expect(result.weatherDaily).toEqual([]);
    return;
  }
  for (const record of result.weatherDaily) {
    expect(record.stationCode).toMatch(/^\d{8}$/);
    expect(record.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(`${record.date}T00:00:00Z`))).toBe(false);
    for (const value of [
      record.tnC,
      record.txC,
      record.tntxmC,
      record.latitude,
      record.longitude,
      record.altitudeM,
    ]) {
      if (value !== null) expect(Number.isFinite(value)).toBe(true);
    }
    for (const quality of [record.tnQuality, record.txQuality, record.tntxmQuality]) {
      if (quality !== null) expect(quality).toMatch(/^\d$/);
    }
  }
  for (const issue of result.issues) {
    if (issue.severity === 'error') expect(issue.line).toBeGreaterThanOrEqual(2);
  }
}

describe('Météo-France parser fuzzing', () => {
  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkMeteoResult(parseMeteoFranceDaily({ fileName: 'Q_67_latest-2024-2025_RR-T-Vent.csv', bytes }));
      }),
      { numRuns: 300 },
    );
  });

  it('survives a mangled sample', () => {
    let runsWithRecords = 0;
    fc.assert(
      fc.property(fc.array(editArbitrary, { maxLength: 12 }), fc.boolean(), (edits, keepHeader) => {
        const mangled = applyEdits(METEO_LINES, edits, ';');
        const content = keepHeader ? `${METEO_LINES[0]}\n${mangled}` : mangled;
        const result = parseMeteoFranceDaily({
          fileName: 'Q_67.csv',
          bytes: new TextEncoder().encode(content),
        });
        checkMeteoResult(result);
        if (result.weatherDaily.length > 0) runsWithRecords += 1;
      }),
      { numRuns: 400 },
    );
    expect(runsWithRecords).toBeGreaterThan(100);
  });
});
