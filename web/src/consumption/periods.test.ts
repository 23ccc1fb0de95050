import { describe, expect, it } from 'vitest';
import type { ConsumptionItem } from '../api/types';
import { buildPeriods, latestTwelveMonths, listPeriods, summarise, yearsWithData } from './periods';

function row(
  period: string,
  energy: string,
  energyKWh: number | null,
  present = 24,
  expected = 24,
): ConsumptionItem {
  return { period, energy, energyKWh, pointsPresent: present, pointsExpected: expected };
}

describe('listPeriods', () => {
  it('lists days up to the exclusive end', () => {
    expect(listPeriods({ from: '2022-02-27', to: '2022-03-02' }, 'day')).toEqual([
      '2022-02-27',
      '2022-02-28',
      '2022-03-01',
    ]);
  });

  it('starts months at the month of the first day', () => {
    expect(listPeriods({ from: '2022-11-15', to: '2023-02-01' }, 'month')).toEqual([
      '2022-11-01',
      '2022-12-01',
      '2023-01-01',
    ]);
  });
});

describe('buildPeriods', () => {
  const range = { from: '2022-03-01', to: '2022-03-04' };

  it('marks a period without rows as missing', () => {
    const { periods } = buildPeriods([row('2022-03-01', 'gas', 10)], range, 'day');
    expect(periods.map((period) => period.status)).toEqual(['complete', 'missing', 'missing']);
  });

  it('marks a period with missing points as incomplete', () => {
    const { periods } = buildPeriods([row('2022-03-01', 'gas', 10, 20, 24)], range, 'day');
    expect(periods[0]?.status).toBe('incomplete');
  });

  it('marks a period lacking one energy as incomplete', () => {
    const items = [
      row('2022-03-01', 'gas', 10),
      row('2022-03-01', 'electricity', 5),
      row('2022-03-02', 'gas', 8),
    ];
    const { periods, energies } = buildPeriods(items, range, 'day');
    expect(energies).toEqual(['electricity', 'gas']);
    expect(periods[0]?.status).toBe('complete');
    expect(periods[1]?.status).toBe('incomplete');
  });

  it('leaves water out of the kWh total', () => {
    const items = [row('2022-03-01', 'gas', 10), row('2022-03-01', 'water', 3)];
    const { periods } = buildPeriods(items, range, 'day');
    expect(periods[0]?.totalKWh).toBe(10);
  });
});

describe('summarise', () => {
  it('adds energies and counts completeness over the range', () => {
    const items = [
      row('2022-03-01', 'electricity', 100),
      row('2022-03-01', 'gas', 10),
      row('2022-03-02', 'electricity', 50, 12, 24),
    ];
    const { periods, energies } = buildPeriods(items, { from: '2022-03-01', to: '2022-03-04' }, 'day');
    const summary = summarise(periods, energies);
    expect(summary.totalKWh).toBe(160);
    expect(summary.totals.map((total) => total.quantity)).toEqual([150, 10]);
    expect(summary.totals[1]?.periodsWithout).toBe(2);
    expect(summary.completeness).toBeCloseTo(60 / 72);
    expect(summary.incompletePeriods).toBe(1);
    expect(summary.missingPeriods).toBe(1);
  });
});

describe('latestTwelveMonths', () => {
  it('ends with the last month that has data', () => {
    const items = [
      row('2018-01-01', 'gas', 5),
      row('2022-12-01', 'gas', 7),
      row('2023-01-01', 'gas', null, 0, 744),
    ];
    expect(latestTwelveMonths(items)).toEqual({ from: '2022-01-01', to: '2023-01-01' });
  });

  it('passes over a last month with under half of its points', () => {
    const items = [row('2022-12-01', 'gas', 7, 744, 744), row('2023-01-01', 'gas', 5, 1, 744)];
    expect(latestTwelveMonths(items)).toEqual({ from: '2022-01-01', to: '2023-01-01' });
  });

  it('keeps a last month with most of its points', () => {
    const items = [row('2022-12-01', 'gas', 7, 744, 744), row('2023-01-01', 'gas', 5, 600, 744)];
    expect(latestTwelveMonths(items)).toEqual({ from: '2022-02-01', to: '2023-02-01' });
  });

  it('returns null without data', () => {
    expect(latestTwelveMonths([])).toBeNull();
  });
});

describe('yearsWithData', () => {
  it('lists years latest first', () => {
    const items = [row('2018-05-01', 'gas', 5), row('2020-01-01', 'gas', 1), row('2018-06-01', 'gas', 2)];
    expect(yearsWithData(items)).toEqual([2020, 2018]);
  });
});
