import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  instantOfLocalTime,
  localDateOf,
  localDayBounds,
  localDayHours,
  PARIS,
  zoneOffsetMinutes,
} from './zoned.js';

describe('Paris calendar', () => {
  it('has a 23-hour day on the last Sunday of March (2024-03-31)', () => {
    expect(localDayHours('2024-03-31', PARIS)).toBe(23);
    const { start, end } = localDayBounds('2024-03-31', PARIS);
    expect(start.toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(end.toISOString()).toBe('2024-03-31T22:00:00.000Z');
  });

  it('has a 25-hour day on the last Sunday of October (2024-10-27)', () => {
    expect(localDayHours('2024-10-27', PARIS)).toBe(25);
    const { start, end } = localDayBounds('2024-10-27', PARIS);
    expect(start.toISOString()).toBe('2024-10-26T22:00:00.000Z');
    expect(end.toISOString()).toBe('2024-10-27T23:00:00.000Z');
  });

  it('has 24-hour days otherwise, in winter and in summer', () => {
    expect(localDayHours('2024-01-15', PARIS)).toBe(24);
    expect(localDayHours('2024-07-15', PARIS)).toBe(24);
  });

  it('gives offsets of 60 and 120 minutes', () => {
    expect(zoneOffsetMinutes(new Date('2024-01-15T12:00:00Z'), PARIS)).toBe(60);
    expect(zoneOffsetMinutes(new Date('2024-07-15T12:00:00Z'), PARIS)).toBe(120);
  });

  it('puts 23:30 UTC on 31 December in the next Paris day', () => {
    expect(localDateOf(new Date('2023-12-31T23:30:00Z'), PARIS)).toBe('2024-01-01');
    expect(localDateOf(new Date('2023-12-31T22:59:59Z'), PARIS)).toBe('2023-12-31');
  });

  it('resolves the repeated 02:30 of the autumn change to its first occurrence', () => {
    expect(instantOfLocalTime('2024-10-27', 2, 30, PARIS).toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('moves the skipped 02:30 of the spring change forward by the gap, to 03:30', () => {
    // 03:30 CEST is 01:30 UTC.
    expect(instantOfLocalTime('2024-03-31', 2, 30, PARIS).toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('adds days across month and leap-year ends', () => {
    expect(addLocalDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addLocalDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addLocalDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});
