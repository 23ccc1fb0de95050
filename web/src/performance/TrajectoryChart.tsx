import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trajectory } from '../api/types';
import { INCOMPLETE_DECAL } from '../consumption/ConsumptionChart';
import { escapeHtml } from '../consumption/energy-colors';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { formatPercent } from './figures';
import { EXCLUDED_COLOR, TARGET_COLOR } from './labels';
import {
  AXIS_TEXT_COLOR,
  CHART_FONT,
  PerformanceChart,
  type PerformanceChartOption,
} from './PerformanceChart';
import { LAST_MILESTONE_YEAR, trajectoryRows } from './trajectory-rows';

/** Colour of the measured yearly intensity bars. */
const MEASURED_COLOR = '#1c7ed6';
/** Colour of the reference year's bar, darker than the other years. */
const REFERENCE_COLOR = '#0b3d91';
/** Colour of the raw intensity markers, drawn over the climate-adjusted bars. */
const RAW_COLOR = '#f08c00';

/**
 * Draws the yearly intensity of an EFA (bars, climate-adjusted unless asked otherwise), the raw intensity,
 * the reference year and the target trajectory with its 2030, 2040 and 2050 milestones.
 */
export function TrajectoryChart({ trajectory, label }: { trajectory: Trajectory; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();

  const option = useMemo((): PerformanceChartOption => {
    const language = format.language;
    const rows = trajectoryRows(trajectory);
    const adjusted = trajectory.climate.adjusted;
    const perM2 = (value: number) =>
      t('performance.unit.kwh-per-m2', { value: formatNumber(value, language, 1) });
    const reductionOf = new Map(trajectory.targets.map((target) => [target.year, target]));

    const tooltip = (index: number): string => {
      const row = rows[index];
      if (!row) return '';
      const lines = [`<strong>${row.year}</strong>`];
      if (row.isReference) lines.push(escapeHtml(t('performance.trajectory.tooltip-reference')));
      if (row.countedKwhPerM2 !== null) {
        lines.push(
          escapeHtml(
            adjusted
              ? t('performance.trajectory.tooltip-adjusted', { value: perM2(row.countedKwhPerM2) })
              : t('performance.trajectory.tooltip-counted', { value: perM2(row.countedKwhPerM2) }),
          ),
        );
      }
      if (adjusted && row.rawKwhPerM2 !== null) {
        lines.push(escapeHtml(t('performance.trajectory.tooltip-raw', { value: perM2(row.rawKwhPerM2) })));
      }
      if (row.targetKwhPerM2 !== null && !row.isReference) {
        lines.push(
          escapeHtml(t('performance.trajectory.tooltip-target', { value: perM2(row.targetKwhPerM2) })),
        );
      }
      if (!row.complete && row.completeness !== null && row.rawKwhPerM2 !== null) {
        lines.push(
          `<span style="color:#d9480f">${escapeHtml(
            t('performance.trajectory.tooltip-incomplete', { share: format.share(row.completeness) }),
          )}</span>`,
        );
      }
      return lines.join('<br/>');
    };

    const barValue = (row: (typeof rows)[number]) => {
      const value = row.countedKwhPerM2 ?? (row.complete ? null : row.rawKwhPerM2);
      if (value === null) return null;
      if (!row.complete) return { value, itemStyle: { color: EXCLUDED_COLOR, decal: INCOMPLETE_DECAL } };
      if (row.isReference) {
        return {
          value,
          itemStyle: { color: REFERENCE_COLOR },
          label: {
            show: true,
            position: 'top' as const,
            distance: 6,
            color: REFERENCE_COLOR,
            fontWeight: 600,
            formatter: t('performance.trajectory.reference-mark', { year: row.year }),
          },
        };
      }
      return value;
    };
    const milestoneLabel = (year: number, value: number) => {
      const target = reductionOf.get(year as 2030 | 2040 | 2050);
      return target?.route === 'absolute'
        ? t('performance.trajectory.milestone-absolute', { year, value: perM2(value) })
        : t('performance.trajectory.milestone-relative', {
            year,
            value: perM2(value),
            reduction: formatPercent(-(target?.reduction ?? 0) * 100, language, 0),
          });
    };

    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (params: unknown) => {
          const first = Array.isArray(params) ? params[0] : params;
          return tooltip((first as { dataIndex: number }).dataIndex);
        },
      },
      xAxis: {
        type: 'category',
        data: rows.map((row) => String(row.year)),
        axisTick: { alignWithLabel: true },
        axisLabel: {
          color: AXIS_TEXT_COLOR,
          // Every fifth year and the milestones, so that the 30 labels never overlap; the reference
          // year carries its own label above its bar.
          interval: (index: number) => {
            const row = rows[index];
            return row !== undefined && (row.isMilestone || row.year % 5 === 0);
          },
          fontWeight: 500,
        },
      },
      yAxis: {
        type: 'value',
        name: t('performance.trajectory.axis'),
        nameTextStyle: { align: 'left', color: AXIS_TEXT_COLOR },
        // Room above the tallest bar for the reference label.
        max: (extent: { max: number }) => Math.ceil((extent.max * 1.15) / 10) * 10,
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 0), color: AXIS_TEXT_COLOR },
      },
      series: [
        {
          type: 'bar',
          name: adjusted
            ? t('performance.trajectory.legend-adjusted')
            : t('performance.trajectory.legend-counted'),
          color: MEASURED_COLOR,
          barMaxWidth: 28,
          data: rows.map(barValue),
        },
        ...(adjusted
          ? [
              {
                type: 'scatter' as const,
                name: t('performance.trajectory.legend-raw'),
                color: RAW_COLOR,
                symbol: 'diamond',
                symbolSize: 9,
                z: 4,
                data: rows.map((row) => (row.rawKwhPerM2 !== null && row.complete ? row.rawKwhPerM2 : null)),
              },
            ]
          : []),
        {
          type: 'line',
          name: t('performance.trajectory.legend-target'),
          color: TARGET_COLOR,
          symbol: 'none',
          lineStyle: { width: 2, type: 'dashed' },
          connectNulls: true,
          z: 5,
          data: rows.map((row) => row.targetKwhPerM2),
          markPoint: {
            symbol: 'circle',
            symbolSize: 10,
            itemStyle: { color: TARGET_COLOR, borderColor: '#ffffff', borderWidth: 2 },
            label: {
              show: true,
              position: 'top',
              distance: 8,
              color: '#2b8a3e',
              fontWeight: 600,
              backgroundColor: 'rgba(255, 255, 255, 0.85)',
              padding: [2, 4],
              formatter: (params: unknown) => {
                const point = params as { name?: string; value?: number };
                return milestoneLabel(Number(point.name), point.value ?? 0);
              },
            },
            data: rows
              .filter((row) => row.isMilestone && row.targetKwhPerM2 !== null)
              .map((row) => ({
                name: String(row.year),
                value: row.targetKwhPerM2 as number,
                coord: [String(row.year), row.targetKwhPerM2 as number],
                // The last milestone sits at the right edge, so its label extends to the left.
                ...(row.year === LAST_MILESTONE_YEAR
                  ? { label: { align: 'right' as const, offset: [6, 0] } }
                  : {}),
              })),
          },
        },
      ],
    };
  }, [trajectory, t, format]);

  return <PerformanceChart option={option} height={440} label={label} />;
}
