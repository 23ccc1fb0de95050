import type { AnalysisSeries } from './api';

export interface ComparisonRow {
  key: string;
  label: string;
  base: number | null;
  /** Totals of the compared periods, in the order of `columns`. */
  compared: (number | null)[];
  /** Change of the base against the first compared period, %. */
  changePct: number | null;
}

/** Change of `value` against `before`, %, when both are known and `before` is not zero. */
export function changePercent(value: number | null, before: number | null): number | null {
  if (value === null || before === null || before === 0) return null;
  return ((value - before) / Math.abs(before)) * 100;
}

/**
 * Pairs each base series with its compared series by key and sorts the rows by change, the largest
 * rise first: "which buildings consumed more this winter than last?" reads from the top.
 */
export function comparisonRows(series: AnalysisSeries[]): {
  columns: AnalysisSeries[];
  rows: ComparisonRow[];
} {
  const base = series.filter((item) => item.role === 'base');
  const compared = series.filter((item) => item.role === 'comparison');
  const columnKeys = [...new Set(compared.map((item) => item.id.slice(item.key.length)))];
  const columns = columnKeys
    .map((suffix) => compared.find((item) => item.id.slice(item.key.length) === suffix))
    .filter((item): item is AnalysisSeries => item !== undefined);
  const rows = base.map((item) => {
    const values = columnKeys.map(
      (suffix) => compared.find((other) => other.id === `${item.key}${suffix}`)?.totals.value ?? null,
    );
    return {
      key: item.key,
      label: item.label,
      base: item.totals.value,
      compared: values,
      changePct: changePercent(item.totals.value, values[0] ?? null),
    };
  });
  rows.sort((a, b) => (b.changePct ?? Number.NEGATIVE_INFINITY) - (a.changePct ?? Number.NEGATIVE_INFINITY));
  return { columns, rows };
}
