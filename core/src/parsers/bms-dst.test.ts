import { describe, expect, it } from 'vitest';
import { parseBmsCsv } from './bms.js';

const mapping = {
  layout: 'wide',
  timestamp: { dateColumn: 'Date', timeColumn: 'Heure' },
  timeZone: 'Europe/Paris',
  timestampMeaning: 'start',
  stepMinutes: 10,
  points: [{ source: 'Energie', externalId: 'TGBT', measure: 'ENERGY', unit: 'kWh' }],
};

/**
 * Builds a 10-minute export as a BMS clock in Paris time writes it, without offsets. Each row
 * contains its own index as value, so the test can tell rows apart after conversion.
 */
function localDayFile(date: string, hours: readonly number[]): string {
  const lines = ['Date;Heure;Energie'];
  let index = 0;
  for (const hour of hours) {
    for (let minute = 0; minute < 60; minute += 10) {
      lines.push(`${date};${hour}:${String(minute).padStart(2, '0')};${index}`);
      index += 1;
    }
  }
  return `${lines.join('\n')}\n`;
}

function parse(content: string) {
  return parseBmsCsv({ fileName: 'dst.csv', bytes: new TextEncoder().encode(content) }, mapping);
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, offset) => from + offset);

describe('daylight saving time in Paris', () => {
  it('reads the 23-hour spring day', () => {
    // 31 March 2024: clocks jump from 02:00 CET to 03:00 CEST, so the export has no 02:xx row.
    const result = parse(localDayFile('31/03/2024', [0, 1, ...range(3, 23)]));
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.readings).toHaveLength(138);
    // 00:00 CET is 23:00 UTC the day before; every row then follows 10 minutes later.
    const first = Date.parse('2024-03-30T23:00:00Z');
    result.readings.forEach((reading, index) => {
      expect(reading.value).toBe(index);
      expect(reading.start.getTime()).toBe(first + index * 600_000);
    });
    // 01:50 CET = 00:50 UTC, then 03:00 CEST = 01:00 UTC.
    expect(result.readings[11]?.start.toISOString()).toBe('2024-03-31T00:50:00.000Z');
    expect(result.readings[12]?.start.toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(result.readings[137]?.start.toISOString()).toBe('2024-03-31T21:50:00.000Z');
  });

  it('reads the 25-hour autumn day by row order', () => {
    // 27 October 2024: 02:00-02:59 happens twice, first in CEST (UTC+2) then in CET (UTC+1).
    const result = parse(localDayFile('27/10/2024', [0, 1, 2, 2, ...range(3, 23)]));
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.readings).toHaveLength(150);
    const first = Date.parse('2024-10-26T22:00:00Z');
    result.readings.forEach((reading, index) => {
      expect(reading.value).toBe(index);
      expect(reading.start.getTime()).toBe(first + index * 600_000);
    });
    // First 02:00 is CEST (00:00 UTC), second 02:00 is CET (01:00 UTC); 03:00 CET is 02:00 UTC.
    expect(result.readings[12]?.start.toISOString()).toBe('2024-10-27T00:00:00.000Z');
    expect(result.readings[18]?.start.toISOString()).toBe('2024-10-27T01:00:00.000Z');
    expect(result.readings[24]?.start.toISOString()).toBe('2024-10-27T02:00:00.000Z');
    expect(result.readings[149]?.start.toISOString()).toBe('2024-10-27T22:50:00.000Z');
  });

  it('rejects a time skipped in spring', () => {
    const result = parse('Date;Heure;Energie\n31/03/2024;01:50;1\n31/03/2024;02:30;2\n31/03/2024;03:00;3\n');
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-03-31T00:50:00.000Z',
      '2024-03-31T01:00:00.000Z',
    ]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      severity: 'error',
      code: 'nonexistent-local-time',
      line: 3,
      field: 'Heure',
    });
    expect(result.issues[0]?.message).toContain('31/03/2024 02:30 n’existe pas dans le fuseau Europe/Paris');
  });

  it('reads a newest-first file in reverse order', () => {
    // Rows sorted from the latest: the first 02:30 met is winter time (01:30 UTC).
    const result = parse(
      'Date;Heure;Energie\n27/10/2024;03:00;4\n27/10/2024;02:30;3\n27/10/2024;02:30;2\n27/10/2024;01:30;1\n',
    );
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-10-27T02:00:00.000Z',
      '2024-10-27T01:30:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-10-26T23:30:00.000Z',
    ]);
  });
});
