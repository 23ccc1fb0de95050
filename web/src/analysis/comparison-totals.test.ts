import { describe, expect, it } from 'vitest';
import type { AnalysisSeries } from './api';
import { changePercent, comparisonRows } from './comparison-totals';

function series(id: string, key: string, role: 'base' | 'comparison', value: number | null): AnalysisSeries {
  return {
    id,
    key,
    label: key,
    role,
    comparison:
      role === 'comparison' ? { mode: 'calendar', years: 1, from: '2021-10-01', to: '2022-01-01' } : null,
    areaM2: null,
    points: [],
    unalignedPoints: [],
    totals: {
      value,
      kWh: value,
      max: null,
      completeness: { measured: 1, estimated: 0, missing: 0, expectedPoints: 1 },
    },
  };
}

describe('comparisonRows', () => {
  it('pairs each series with its N-1 and puts the largest rise first', () => {
    const { columns, rows } = comparisonRows([
      series('a', 'a', 'base', 9),
      series('b', 'b', 'base', 30.9),
      series('c', 'c', 'base', 5),
      series('a@c1', 'a', 'comparison', 10),
      series('b@c1', 'b', 'comparison', 25.75),
      series('c@c1', 'c', 'comparison', null),
    ]);
    expect(columns.map((column) => column.id)).toEqual(['a@c1']);
    // b: (30,9 − 25,75) / 25,75 = +20 %; a: (9 − 10) / 10 = −10 %; c has no N-1, so it goes last.
    expect(
      rows.map((row) => [row.key, row.changePct === null ? null : Math.round(row.changePct * 10) / 10]),
    ).toEqual([
      ['b', 20],
      ['a', -10],
      ['c', null],
    ]);
    expect(rows[0]?.compared).toEqual([25.75]);
  });

  it('gives no change against zero or a missing value', () => {
    expect(changePercent(5, 0)).toBeNull();
    expect(changePercent(null, 4)).toBeNull();
    expect(changePercent(3, -4)).toBe(175);
  });
});
