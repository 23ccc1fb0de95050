import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpmvpResult } from '../api/types';
import { INCOMPLETE_DECAL } from '../consumption/ConsumptionChart';
import { energyColor, escapeHtml } from '../consumption/energy-colors';
import { energyUnitFor, formatNumber } from '../format';
import { useFormat } from '../use-format';
import { formatEnergyIn } from './figures';
import { EXCLUDED_COLOR, MODEL_COLOR, periodAxisLabel, periodTitle } from './labels';
import {
  AXIS_TEXT_COLOR,
  CHART_FONT,
  PerformanceChart,
  type PerformanceChartOption,
} from './PerformanceChart';

/** Periods beyond which the chart adds a zoom slider, so that daily bars stay readable. */
const ZOOM_THRESHOLD = 62;

/** Colour of the bars of the baseline periods, which only serve to fit the model. */
const BASELINE_BAR_COLOR = '#a5d8ff';

interface ChartPeriod {
  phase: 'baseline' | 'reporting';
  label: string;
  firstDate: string;
  lastDate: string;
  actualKwh: number | null;
  modelKwh: number | null;
  avoidedKwh: number | null;
  included: boolean;
  excludedReason: string | null;
  variables: Record<string, number | null>;
}

function chartPeriods(result: IpmvpResult): ChartPeriod[] {
  return [
    ...result.baselinePeriods.map(
      (period): ChartPeriod => ({
        phase: 'baseline',
        label: period.label,
        firstDate: period.firstDate,
        lastDate: period.lastDate,
        actualKwh: period.energyKwh,
        modelKwh: period.modelKwh,
        avoidedKwh: null,
        included: period.included,
        excludedReason: period.excludedReason,
        variables: period.variables,
      }),
    ),
    ...result.reportingPeriods.map(
      (period): ChartPeriod => ({
        phase: 'reporting',
        label: period.label,
        firstDate: period.firstDate,
        lastDate: period.lastDate,
        actualKwh: period.energyKwh,
        modelKwh: period.adjustedBaselineKwh,
        avoidedKwh: period.avoidedKwh,
        included: period.included,
        excludedReason: period.excludedReason,
        variables: period.variables,
      }),
    ),
  ];
}

/**
 * Shows the energy of each baseline and reporting period (bars) against the baseline model (line).
 * On the baseline the line shows how well the model fits. On the reporting period it is the
 * adjusted baseline, so the gap between the line and the bars is the energy avoided.
 */
export function IpmvpChart({ result, label }: { result: IpmvpResult; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();

  const option = useMemo((): PerformanceChartOption => {
    const language = format.language;
    const periods = chartPeriods(result);
    const step = result.step;
    const qualifier = result.energyUnit.replace(/^kWh/, '');
    const maxKwh = Math.max(0, ...periods.flatMap((period) => [period.actualKwh ?? 0, period.modelKwh ?? 0]));
    const { unit, divisor } = energyUnitFor(maxKwh);
    const zoomed = periods.length > ZOOM_THRESHOLD;
    const firstReporting = periods.find((period) => period.phase === 'reporting');
    const lastBaseline = periods.filter((period) => period.phase === 'baseline').at(-1);
    const lastReporting = periods.at(-1);

    const tooltip = (index: number): string => {
      const period = periods[index];
      if (!period) return '';
      const lines = [
        `<strong>${escapeHtml(format.capitalize(periodTitle(t, format, step, period)))}</strong>`,
        escapeHtml(
          period.phase === 'baseline'
            ? t('performance.ipmvp.phase-baseline')
            : t('performance.ipmvp.phase-reporting'),
        ),
      ];
      const energy = (kwh: number | null) =>
        kwh === null ? t('common.value.none') : formatEnergyIn(kwh, result.energyUnit, language);
      lines.push(escapeHtml(t('performance.ipmvp.tooltip-actual', { value: energy(period.actualKwh) })));
      lines.push(
        escapeHtml(
          period.phase === 'baseline'
            ? t('performance.ipmvp.tooltip-model', { value: energy(period.modelKwh) })
            : t('performance.ipmvp.tooltip-adjusted', { value: energy(period.modelKwh) }),
        ),
      );
      if (period.avoidedKwh !== null) {
        lines.push(escapeHtml(t('performance.ipmvp.tooltip-avoided', { value: energy(period.avoidedKwh) })));
      }
      const degreeDays = period.variables.dju;
      if (degreeDays !== undefined && degreeDays !== null) {
        lines.push(
          escapeHtml(
            t('performance.ipmvp.tooltip-degree-days', { value: formatNumber(degreeDays, language, 1) }),
          ),
        );
      }
      if (!period.included) {
        lines.push(
          `<span style="color:#d9480f">${escapeHtml(
            t('performance.signature.tooltip-excluded', {
              reason: period.excludedReason ?? t('performance.signature.excluded-no-reason'),
            }),
          )}</span>`,
        );
      }
      return lines.join('<br/>');
    };

    const barColor = (period: ChartPeriod) => {
      if (!period.included) return EXCLUDED_COLOR;
      return period.phase === 'baseline' ? BASELINE_BAR_COLOR : energyColor(result.energy);
    };

    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 56, bottom: zoomed ? 56 : 8, containLabel: true },
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
        data: periods.map((period) => period.label),
        axisTick: { alignWithLabel: true },
        axisLabel: {
          hideOverlap: true,
          color: AXIS_TEXT_COLOR,
          formatter: (_value: string, index: number) => {
            const period = periods[index];
            return period ? periodAxisLabel(format, step, period) : '';
          },
        },
      },
      yAxis: {
        type: 'value',
        name: `${unit}${qualifier}`,
        nameTextStyle: { align: 'left', color: AXIS_TEXT_COLOR },
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 1), color: AXIS_TEXT_COLOR },
      },
      dataZoom: zoomed
        ? [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 10, showDetail: false }]
        : [],
      series: [
        {
          type: 'bar',
          name: t('performance.ipmvp.legend-actual'),
          color: energyColor(result.energy),
          barMaxWidth: 40,
          data: periods.map((period) => ({
            value: period.actualKwh === null ? null : period.actualKwh / divisor,
            itemStyle: {
              color: barColor(period),
              ...(period.included ? {} : { decal: INCOMPLETE_DECAL }),
            },
          })),
          markArea:
            firstReporting && lastReporting
              ? {
                  silent: true,
                  itemStyle: { color: 'rgba(47, 158, 68, 0.07)' },
                  label: { color: '#2b8a3e', fontSize: 12, position: 'insideTop' },
                  data: [
                    [
                      { name: t('performance.ipmvp.phase-reporting'), xAxis: firstReporting.label },
                      { xAxis: lastReporting.label },
                    ],
                  ],
                }
              : undefined,
          markLine:
            lastBaseline && firstReporting
              ? {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: '#2b8a3e', type: 'dashed', width: 1.5 },
                  label: { show: false },
                  data: [{ xAxis: firstReporting.label }],
                }
              : undefined,
        },
        {
          type: 'line',
          name: t('performance.ipmvp.legend-model'),
          color: MODEL_COLOR,
          symbol: 'circle',
          symbolSize: 5,
          lineStyle: { width: 2 },
          z: 5,
          data: periods.map((period) => (period.modelKwh === null ? null : period.modelKwh / divisor)),
        },
      ],
    };
  }, [result, t, format]);

  return <PerformanceChart option={option} height={380} label={label} />;
}
