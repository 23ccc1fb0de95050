import { describe, expect, it } from 'vitest';
import type { IpmvpResult } from '../api/types';
import { reportingMonths } from './reporting-months';

type ReportingPeriod = IpmvpResult['reportingPeriods'][number];

function day(
  date: string,
  figures: { dju: number; adjusted: number; actual: number; included?: boolean },
): ReportingPeriod {
  return {
    label: date,
    firstDate: date,
    lastDate: date,
    days: 1,
    energyKwh: figures.actual,
    consumptionCompleteness: 1,
    degreeDays: figures.dju,
    coolingDegreeDays: 0,
    weatherCompleteness: 1,
    meanTemperatureC: 18 - figures.dju,
    included: figures.included ?? true,
    excludedReason: figures.included === false ? 'Consommation incomplète' : null,
    variables: { dju: figures.dju },
    adjustedBaselineKwh: figures.adjusted,
    avoidedKwh: figures.adjusted - figures.actual,
  };
}

describe('reportingMonths', () => {
  const months = reportingMonths([
    day('2021-06-29', { dju: 2, adjusted: 500, actual: 450 }),
    day('2021-06-30', { dju: 1.5, adjusted: 480, actual: 500 }),
    day('2021-07-01', { dju: 0, adjusted: 400, actual: 300 }),
    day('2021-07-02', { dju: 0.5, adjusted: 420, actual: 100, included: false }),
  ]);

  it('groups the days by month in order', () => {
    expect(months.map((month) => month.month)).toEqual(['2021-06-01', '2021-07-01']);
  });

  it('sums the days that entered the calculation', () => {
    // June: 500 + 480 = 980 kWh adjusted, 450 + 500 = 950 kWh measured, 50 − 20 = 30 kWh avoided.
    expect(months[0]).toEqual({
      month: '2021-06-01',
      days: 2,
      excludedDays: 0,
      degreeDays: 3.5,
      adjustedBaselineKwh: 980,
      energyKwh: 950,
      avoidedKwh: 30,
    });
  });

  it('counts excluded days apart', () => {
    // July 2 is left out: only July 1 counts, 400 − 300 = 100 kWh avoided.
    expect(months[1]).toEqual({
      month: '2021-07-01',
      days: 2,
      excludedDays: 1,
      degreeDays: 0.5,
      adjustedBaselineKwh: 400,
      energyKwh: 300,
      avoidedKwh: 100,
    });
  });
});
