import { describe, expect, it } from 'vitest';
import { gasDayStart, isCalendarMonth, readGasDayBoundary, readGasPeriod } from './gas-day.js';

const FIELDS = { start: 'debut', end: 'fin', gasDay: 'journee' };

describe('gasDayStart', () => {
  // Paris is UTC+1 in winter and UTC+2 in summer, so 06:00 local is 05:00 or 04:00 UTC.
  it.each([
    ['2019-12-01', '2019-12-01T05:00:00.000Z'],
    ['2021-08-16', '2021-08-16T04:00:00.000Z'],
    // Clocks go forward at 02:00 on 2021-03-28: 06:00 that morning is already summer time.
    ['2021-03-27', '2021-03-27T05:00:00.000Z'],
    ['2021-03-28', '2021-03-28T04:00:00.000Z'],
    // Clocks go back at 03:00 on 2021-10-31: 06:00 that morning is winter time again.
    ['2021-10-30', '2021-10-30T04:00:00.000Z'],
    ['2021-10-31', '2021-10-31T05:00:00.000Z'],
  ])('starts gas day %s at %s', (day, instant) => {
    expect(gasDayStart(day).toISOString()).toBe(instant);
  });
});

describe('readGasDayBoundary', () => {
  it('reads a winter boundary with its offset', () => {
    expect(readGasDayBoundary('2021-01-01T06:00:00+01:00')).toEqual({
      ok: true,
      day: '2021-01-01',
      offsetDisagrees: false,
    });
  });

  it('reads a summer boundary with its offset', () => {
    expect(readGasDayBoundary('2021-08-16T06:00:00+02:00')).toEqual({
      ok: true,
      day: '2021-08-16',
      offsetDisagrees: false,
    });
  });

  it('ignores a +00:00 offset at 06:00', () => {
    expect(readGasDayBoundary('2021-07-22T06:00:00+00:00')).toEqual({
      ok: true,
      day: '2021-07-22',
      offsetDisagrees: true,
    });
    expect(readGasDayBoundary('2019-11-30T06:00:00+00:00')).toEqual({
      ok: true,
      day: '2019-11-30',
      offsetDisagrees: true,
    });
  });

  it('accepts the same instant written in UTC', () => {
    // 04:00 UTC on 2021-08-16 is 06:00 in Paris (UTC+2).
    expect(readGasDayBoundary('2021-08-16T04:00:00Z')).toEqual({
      ok: true,
      day: '2021-08-16',
      offsetDisagrees: false,
    });
  });

  it('reads a date alone as its gas day', () => {
    expect(readGasDayBoundary('2021-02-01')).toEqual({ ok: true, day: '2021-02-01', offsetDisagrees: false });
  });

  it('rejects a time that is not a gas-day start', () => {
    expect(readGasDayBoundary('2021-08-16T00:00:00+02:00')).toEqual({
      ok: false,
      reason:
        '« 2021-08-16T00:00:00+02:00 » ne tombe pas à 06:00 heure de Paris, l’heure où commence une journée gazière',
    });
  });

  it('rejects an impossible date', () => {
    expect(readGasDayBoundary('2021-02-30T06:00:00+01:00')).toEqual({
      ok: false,
      reason: '« 2021-02-30T06:00:00+01:00 » n’est pas une date du calendrier',
    });
  });
});

describe('readGasPeriod', () => {
  it('makes a gas day alone a one-day period', () => {
    expect(readGasPeriod({ start: null, end: null, gasDay: '2021-08-16' }, FIELDS)).toEqual({
      ok: true,
      firstDay: '2021-08-16',
      endDay: '2021-08-17',
      offsetMismatches: [],
    });
  });

  it('rejects a gas day that is not the start', () => {
    const outcome = readGasPeriod(
      { start: '2021-08-16T06:00:00+02:00', end: '2021-08-17T06:00:00+02:00', gasDay: '2021-08-15' },
      FIELDS,
    );
    expect(outcome).toEqual({
      ok: false,
      field: 'journee',
      reason:
        'la journée gazière 2021-08-15 ne correspond pas au début de la période (2021-08-16T06:00:00+02:00)',
    });
  });

  it('lists ignored offsets', () => {
    const outcome = readGasPeriod(
      { start: '2023-07-01T06:00:00+00:00', end: '2023-07-02T06:00:00+02:00', gasDay: null },
      FIELDS,
    );
    expect(outcome).toEqual({
      ok: true,
      firstDay: '2023-07-01',
      endDay: '2023-07-02',
      offsetMismatches: ['2023-07-01T06:00:00+00:00'],
    });
  });
});

describe('isCalendarMonth', () => {
  it.each([
    ['2021-02-01', '2021-03-01', true],
    ['2021-12-01', '2022-01-01', true],
    ['2021-02-01', '2021-03-02', false],
    ['2021-02-03', '2021-03-03', false],
    ['2021-01-01', '2021-03-01', false],
  ])('%s to %s is one month: %s', (first, end, expected) => {
    expect(isCalendarMonth(first, end)).toBe(expected);
  });
});
