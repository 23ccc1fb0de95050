import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from './periods.js';

describe('date arithmetic', () => {
  it('keeps the years 0–99 as they are', () => {
    // Date.UTC would read year 1 as 1901 and move 1 February 0001 back to 31 January 1901.
    expect(addDays('0001-02-01', -1)).toBe('0001-01-31');
    expect(daysBetween('0001-01-01', '0002-01-01')).toBe(365);
  });

  it('crosses a leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});
