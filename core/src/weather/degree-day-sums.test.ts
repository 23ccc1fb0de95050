import { describe, expect, it } from 'vitest';
import { addDays, countDaysInclusive } from './dates.js';
import { computeDegreeDayNormals } from './degree-day-normals.js';
import {
  heatingSeasonBounds,
  heatingSeasonDegreeDays,
  heatingSeasonStartYear,
  monthlyDegreeDays,
  sumDegreeDays,
  yearlyDegreeDays,
} from './degree-day-sums.js';
import type { DailyDegreeDay } from './degree-days.js';

/** Build one value per day from `firstDate` to `lastDate`, leaving out the listed dates. */
function constantSeries(
  firstDate: string,
  lastDate: string,
  value: number,
  missing: string[] = [],
): DailyDegreeDay[] {
  const series: DailyDegreeDay[] = [];
  for (let offset = 0; offset < countDaysInclusive(firstDate, lastDate); offset += 1) {
    const date = addDays(firstDate, offset);
    if (!missing.includes(date)) series.push({ date, value });
  }
  return series;
}

describe('monthlyDegreeDays', () => {
  it('reports partial months with their completeness', () => {
    // 2 °C·day per day from 15 January to 10 March 2024 (leap year).
    const months = monthlyDegreeDays(constantSeries('2024-01-15', '2024-03-10', 2));
    expect(months.map((month) => month.label)).toEqual(['2024-01', '2024-02', '2024-03']);
    // January: days 15–31 = 17 days → 34; February: 29 days → 58; March: 10 days → 20.
    expect(months.map((month) => month.sum)).toEqual([34, 58, 20]);
    expect(months.map((month) => month.daysPresent)).toEqual([17, 29, 10]);
    expect(months.map((month) => month.daysInPeriod)).toEqual([31, 29, 31]);
    expect(months[0]?.completeness).toBeCloseTo(17 / 31, 12);
    expect(months[1]?.completeness).toBe(1);
  });

  it('returns a null sum for a month with no value', () => {
    const months = monthlyDegreeDays(constantSeries('2024-01-01', '2024-01-31', 1), {
      firstDate: '2024-01-01',
      lastDate: '2024-02-29',
    });
    expect(months[1]).toMatchObject({ label: '2024-02', sum: null, daysPresent: 0, completeness: 0 });
  });

  it('rejects a duplicated date', () => {
    expect(() =>
      monthlyDegreeDays([
        { date: '2024-01-01', value: 1 },
        { date: '2024-01-01', value: 2 },
      ]),
    ).toThrow(/Duplicate date 2024-01-01/);
  });
});

describe('yearlyDegreeDays', () => {
  it('sums calendar years', () => {
    const years = yearlyDegreeDays(constantSeries('2023-01-01', '2024-12-31', 1, ['2024-07-14']));
    expect(years.map((year) => [year.label, year.sum, year.daysInPeriod])).toEqual([
      ['2023', 365, 365],
      ['2024', 365, 366],
    ]);
    expect(years[1]?.completeness).toBeCloseTo(365 / 366, 12);
  });
});

describe('sumDegreeDays', () => {
  it('keeps only the days the filter accepts', () => {
    // SDES heating months: January–May and October–December of 2023 = 151 + 92 = 243 days.
    const heatingMonths = (date: string) => {
      const month = Number(date.slice(5, 7));
      return month <= 5 || month >= 10;
    };
    const sum = sumDegreeDays(constantSeries('2023-01-01', '2023-12-31', 1), '2023-01-01', '2023-12-31', {
      label: '2023',
      includeDate: heatingMonths,
    });
    expect(sum.sum).toBe(243);
    expect(sum.daysInPeriod).toBe(243);
    expect(sum.label).toBe('2023');
  });
});

describe('heating season', () => {
  it('spans 1 October to 20 May by default', () => {
    expect(heatingSeasonBounds(2023)).toEqual({
      label: '2023-2024',
      firstDate: '2023-10-01',
      lastDate: '2024-05-20',
    });
  });

  it('places a date in its season or none', () => {
    expect(heatingSeasonStartYear('2024-01-15')).toBe(2023);
    expect(heatingSeasonStartYear('2023-10-01')).toBe(2023);
    expect(heatingSeasonStartYear('2024-05-20')).toBe(2023);
    expect(heatingSeasonStartYear('2024-05-21')).toBeNull();
    expect(heatingSeasonStartYear('2024-07-01')).toBeNull();
  });

  it('supports a season within one calendar year', () => {
    const season = { startMonth: 1, startDay: 1, endMonth: 2, endDay: 29 };
    expect(heatingSeasonBounds(2023, season)).toEqual({
      label: '2023',
      firstDate: '2023-01-01',
      lastDate: '2023-02-28',
    });
  });

  it('sums the season with its completeness', () => {
    // 1 Oct 2023 → 20 May 2024: 31 + 30 + 31 + 31 + 29 + 31 + 30 + 20 = 233 days; data stops on 31 March.
    const sum = heatingSeasonDegreeDays(constantSeries('2023-09-01', '2024-03-31', 10), 2023);
    expect(sum.daysInPeriod).toBe(233);
    expect(sum.daysPresent).toBe(183);
    expect(sum.sum).toBe(1830);
  });
});

describe('computeDegreeDayNormals', () => {
  it('averages only complete months and years', () => {
    // 1 °C·day per day over 2000–2002, with 5 March 2001 missing.
    const normals = computeDegreeDayNormals(constantSeries('2000-01-01', '2002-12-31', 1, ['2001-03-05']), {
      firstYear: 2000,
      lastYear: 2002,
    });
    expect(normals.yearsInPeriod).toBe(3);
    // Complete years: 2000 (366 days) and 2002 (365) → (366 + 365)/2 = 365.5.
    expect(normals.annual).toEqual({ value: 365.5, yearsUsed: [2000, 2002] });
    // February: (29 + 28 + 28)/3; March: 2001 left out → 31.
    expect(normals.monthly[1]?.value).toBeCloseTo(85 / 3, 12);
    expect(normals.monthly[1]?.yearsUsed).toEqual([2000, 2001, 2002]);
    expect(normals.monthly[2]).toEqual({ value: 31, yearsUsed: [2000, 2002] });
  });

  it('returns null normals when no year is complete', () => {
    const normals = computeDegreeDayNormals([]);
    expect(normals.firstYear).toBe(1991);
    expect(normals.lastYear).toBe(2020);
    expect(normals.yearsInPeriod).toBe(30);
    expect(normals.annual).toEqual({ value: null, yearsUsed: [] });
    expect(normals.monthly[0]).toEqual({ value: null, yearsUsed: [] });
  });

  it('rejects a reversed period', () => {
    expect(() => computeDegreeDayNormals([], { firstYear: 2020, lastYear: 1991 })).toThrow(RangeError);
  });
});
