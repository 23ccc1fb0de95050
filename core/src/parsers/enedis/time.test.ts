import { describe, expect, it } from 'vitest';
import { durationSeconds, ParisSequence, parisMidnight, readFrenchStamp, readIsoStamp } from './time.js';

describe('readIsoStamp', () => {
  it('reads a local stamp without offset', () => {
    expect(readIsoStamp('2023-03-26 01:30:00')).toEqual({
      wallMs: Date.UTC(2023, 2, 26, 1, 30),
      offsetMinutes: null,
      hasTime: true,
    });
  });

  it('reads offsets, Z and fractions', () => {
    expect(readIsoStamp('2022-01-18T00:30:00+01:00')?.offsetMinutes).toBe(60);
    expect(readIsoStamp('2021-05-03T01:00:00+02:00')?.offsetMinutes).toBe(120);
    expect(readIsoStamp('2025-05-01T04:12:00.000Z')).toEqual({
      wallMs: Date.UTC(2025, 4, 1, 4, 12),
      offsetMinutes: 0,
      hasTime: true,
    });
    expect(readIsoStamp('2024-01-01T10:00-0330')?.offsetMinutes).toBe(-210);
  });

  it('reads a date alone', () => {
    expect(readIsoStamp('2026-09-29')).toEqual({
      wallMs: Date.UTC(2026, 8, 29),
      offsetMinutes: null,
      hasTime: false,
    });
  });

  it('rejects impossible or malformed stamps', () => {
    for (const text of [
      '',
      '2023-02-29 00:00:00',
      '2023-13-01',
      '2023-01-01 24:00:00',
      '2023-01-01 10:60',
      '2023-01-01 10:00:00+',
      '2023-01-01 10:00:00 CET',
      '2023-1-01',
      '01/01/2023',
    ]) {
      expect(readIsoStamp(text)).toBeNull();
    }
  });
});

describe('readFrenchStamp', () => {
  it('reads the portal spreadsheet stamps', () => {
    expect(readFrenchStamp('18/03/2024 00:30:00')?.wallMs).toBe(Date.UTC(2024, 2, 18, 0, 30));
    expect(readFrenchStamp('15/07/2024')).toEqual({
      wallMs: Date.UTC(2024, 6, 15),
      offsetMinutes: null,
      hasTime: false,
    });
    expect(readFrenchStamp('31/02/2024')).toBeNull();
    expect(readFrenchStamp('2024-03-18')).toBeNull();
  });
});

describe('ParisSequence', () => {
  it('orders the repeated autumn hour by file order', () => {
    const sequence = new ParisSequence();
    const stamps = ['01:30', '02:00', '02:30', '02:00', '02:30', '03:00'].map((time) =>
      sequence.instantOf(
        readIsoStamp(`2023-10-29 ${time}:00`) as NonNullable<ReturnType<typeof readIsoStamp>>,
      ),
    );
    // 29 October 2023: 03:00 CEST (01:00 UTC) became 02:00 CET, so 02:00 and 02:30 occur twice.
    expect(stamps.map((instant) => new Date(instant as number).toISOString())).toEqual([
      '2023-10-28T23:30:00.000Z',
      '2023-10-29T00:00:00.000Z',
      '2023-10-29T00:30:00.000Z',
      '2023-10-29T01:00:00.000Z',
      '2023-10-29T01:30:00.000Z',
      '2023-10-29T02:00:00.000Z',
    ]);
  });

  it('rejects a time of the spring gap', () => {
    const sequence = new ParisSequence();
    expect(
      sequence.instantOf(readIsoStamp('2023-03-26 02:30:00') as NonNullable<ReturnType<typeof readIsoStamp>>),
    ).toBeNull();
    expect(
      new Date(
        sequence.instantOf(
          readIsoStamp('2023-03-26 03:00:00') as NonNullable<ReturnType<typeof readIsoStamp>>,
        ) as number,
      ).toISOString(),
    ).toBe('2023-03-26T01:00:00.000Z');
  });

  it('trusts a written offset', () => {
    const sequence = new ParisSequence();
    const winter = readIsoStamp('2023-10-29T02:00:00+01:00') as NonNullable<ReturnType<typeof readIsoStamp>>;
    expect(new Date(sequence.instantOf(winter) as number).toISOString()).toBe('2023-10-29T01:00:00.000Z');
  });
});

describe('parisMidnight', () => {
  it('gives local midnight in both seasons', () => {
    expect(new Date(parisMidnight(Date.UTC(2024, 2, 31))).toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(new Date(parisMidnight(Date.UTC(2024, 3, 1, 13, 5))).toISOString()).toBe(
      '2024-03-31T22:00:00.000Z',
    );
  });
});

describe('durationSeconds', () => {
  it('reads the Enedis steps', () => {
    expect(durationSeconds('PT5M')).toBe(300);
    expect(durationSeconds('PT10M')).toBe(600);
    expect(durationSeconds('PT15M')).toBe(900);
    expect(durationSeconds('PT30M')).toBe(1800);
    expect(durationSeconds('PT60M')).toBe(3600);
    expect(durationSeconds('PT1H')).toBe(3600);
    expect(durationSeconds('P1D')).toBe(86_400);
  });

  it('rejects durations that are not steps', () => {
    for (const text of ['', 'P', 'PT', 'PT0M', '30', 'P1M', 'PT30X'])
      expect(durationSeconds(text)).toBeNull();
  });
});
