import { describe, expect, it } from 'vitest';
import {
  energyUnitFor,
  formatDate,
  formatDateTime,
  formatEnergy,
  formatLocalDate,
  formatLocalMonth,
  formatNumber,
  formatShare,
} from './format';

describe('formatDate', () => {
  it('uses Paris time, not the machine zone', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris (UTC+1 in winter).
    expect(formatDate('2026-12-31T23:30:00Z', 'fr')).toBe('01/01/2027');
  });

  it('writes dd/mm/yyyy in both languages', () => {
    expect(formatDate('2026-03-05T12:00:00Z', 'fr')).toBe('05/03/2026');
    expect(formatDate('2026-03-05T12:00:00Z', 'en')).toBe('05/03/2026');
  });
});

describe('formatDateTime', () => {
  it('applies summer time', () => {
    expect(formatDateTime('2026-07-14T10:05:09Z', 'fr', true)).toBe('14/07/2026 12:05:09');
  });

  it('uses a 24-hour clock after midnight', () => {
    expect(formatDateTime('2026-01-10T23:15:00Z', 'fr')).toBe('11/01/2026 00:15');
  });
});

describe('formatNumber', () => {
  it('groups thousands the French way', () => {
    // fr-FR separates thousands with a narrow no-break space (U+202F).
    expect(formatNumber(12345.6, 'fr')).toBe('12\u202f346');
    expect(formatNumber(12345.6, 'fr', 1)).toBe('12\u202f345,6');
  });
});

describe('formatLocalDate', () => {
  it('keeps the calendar day whatever the zone', () => {
    expect(formatLocalDate('2022-03-27', 'fr')).toBe('27/03/2022');
    expect(formatLocalDate('2022-01-01', 'fr')).toBe('01/01/2022');
  });
});

describe('formatLocalMonth', () => {
  it('names the month in French', () => {
    expect(formatLocalMonth('2022-03-01', 'fr')).toBe('mars 2022');
    expect(formatLocalMonth('2022-12-01', 'en')).toBe('December 2022');
  });
});

describe('energyUnitFor', () => {
  it('switches to MWh from 10 000 kWh', () => {
    expect(energyUnitFor(9_999).unit).toBe('kWh');
    expect(energyUnitFor(10_000).unit).toBe('MWh');
    expect(energyUnitFor(12_000_000).unit).toBe('GWh');
  });
});

describe('formatEnergy', () => {
  it('writes large figures in MWh with one decimal', () => {
    expect(formatEnergy(7_298_064, 'fr')).toBe('7\u202f298,1\u00a0MWh');
    expect(formatEnergy(812.4, 'fr')).toBe('812\u00a0kWh');
  });
});

describe('formatShare', () => {
  it('never rounds an incomplete share up to 100 %', () => {
    expect(formatShare(0.9999, 'fr')).toBe('99,9\u00a0%');
    expect(formatShare(1, 'fr')).toBe('100\u00a0%');
    expect(formatShare(1 / 744, 'fr')).toBe('0,1\u00a0%');
  });
});
