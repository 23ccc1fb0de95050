import { describe, expect, it } from 'vitest';
import { formatPeriodLabel } from './labels';
import { markerColour } from './map-colours';
import { lastDay, quickPeriodRange, shiftYears } from './periods';

describe('quickPeriodRange', () => {
  it('covers the current month', () => {
    expect(quickPeriodRange('this-month', '2026-12-04', 2026)).toEqual({
      from: '2026-12-01',
      to: '2027-01-01',
    });
  });

  it('covers the last 12 months with the current one', () => {
    expect(quickPeriodRange('last-12-months', '2026-12-04', 2026)).toEqual({
      from: '2026-01-01',
      to: '2027-01-01',
    });
    expect(quickPeriodRange('last-12-months', '2026-03-15', 2026)).toEqual({
      from: '2025-04-01',
      to: '2026-04-01',
    });
  });

  it('covers a calendar year', () => {
    expect(quickPeriodRange('calendar-year', '2026-12-04', 2019)).toEqual({
      from: '2019-01-01',
      to: '2020-01-01',
    });
  });

  it('covers a heating season up to 20 May included', () => {
    const season = quickPeriodRange('heating-season', '2026-12-04', 2019);
    expect(season).toEqual({ from: '2019-10-01', to: '2020-05-21' });
    expect(lastDay(season)).toBe('2020-05-20');
  });
});

describe('shiftYears', () => {
  it('moves both ends back', () => {
    expect(shiftYears({ from: '2019-10-01', to: '2020-05-21' }, 1)).toEqual({
      from: '2018-10-01',
      to: '2019-05-21',
    });
  });
});

describe('formatPeriodLabel', () => {
  it('formats each step in French', () => {
    expect(formatPeriodLabel('2019', 'fr', 'S')).toBe('2019');
    expect(formatPeriodLabel('2019-03', 'fr', 'S')).toBe('mars 2019');
    expect(formatPeriodLabel('2019-W09', 'fr', 'S')).toBe('S09 2019');
    expect(formatPeriodLabel('2019-03-01', 'fr', 'S')).toBe('01/03/2019');
    expect(formatPeriodLabel('2024-10-27T02:00+01:00', 'fr', 'S')).toBe('27/10/2024 02:00');
  });
});

describe('markerColour', () => {
  it('colours kWh/m² by step', () => {
    expect(markerColour('kwh_m2', { value: 99.9, energyClass: null })).toBe('#2f9e44');
    expect(markerColour('kwh_m2', { value: 250, energyClass: null })).toBe('#f76707');
    expect(markerColour('kwh_m2', { value: null, energyClass: null })).toBe('#adb5bd');
  });

  it('colours energy labels by class', () => {
    expect(markerColour('energy_label', { value: 120, energyClass: 'G' })).toBe('#d7221f');
  });
});
