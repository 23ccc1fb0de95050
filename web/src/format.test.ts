import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from './format';

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
