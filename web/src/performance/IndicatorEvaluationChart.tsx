import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorEvaluation } from '../api/types';
import { escapeHtml } from '../consumption/energy-colors';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { formatFigure } from './figures';
import { TARGET_COLOR } from './labels';
import {
  AXIS_TEXT_COLOR,
  CHART_FONT,
  PerformanceChart,
  type PerformanceChartOption,
} from './PerformanceChart';

/** Colour of the values that miss the target. */
const MISSED_COLOR = '#e03131';
/** Colour of the values of an indicator without a target. */
const NEUTRAL_COLOR = '#1c7ed6';

/** Returns the label of an evaluation period: « 2022 » for a year, « janv. 22 » for a month. */
export function evaluationPeriodLabel(
  format: ReturnType<typeof useFormat>,
  step: IndicatorEvaluation['step'],
  firstDate: string,
): string {
  return step === 'year' ? firstDate.slice(0, 4) : format.month(firstDate, true);
}

/**
 * Draws the bars of an indicator per building against its target. A single period puts the
 * buildings on the axis, coloured by whether each meets the target. Several periods put the periods
 * on the axis, with one series per building.
 */
export function IndicatorEvaluationChart({
  evaluation,
  label,
}: {
  evaluation: IndicatorEvaluation;
  label: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();

  const option = useMemo((): PerformanceChartOption => {
    const language = format.language;
    const { indicator, buildings, periods } = evaluation;
    const unit = indicator.unitLabel;
    const valueText = (value: number) => `${formatFigure(value, language)}${unit ? `\u00a0${unit}` : ''}`;
    const targetLine =
      indicator.targetValue === null
        ? undefined
        : {
            silent: true,
            symbol: 'none',
            lineStyle: { color: TARGET_COLOR, type: 'dashed' as const, width: 2 },
            label: {
              formatter: t('performance.evaluation.target-mark', { value: valueText(indicator.targetValue) }),
              position: 'insideEndTop' as const,
              color: '#2b8a3e',
              fontWeight: 600,
            },
            data: [{ yAxis: indicator.targetValue }],
          };
    const common = {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      yAxis: {
        type: 'value' as const,
        name: unit,
        nameTextStyle: { align: 'left' as const, color: AXIS_TEXT_COLOR },
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 1), color: AXIS_TEXT_COLOR },
      },
    };

    if (periods.length === 1) {
      const values = buildings.map((building) => building.values[0]);
      return {
        ...common,
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          confine: true,
          formatter: (params: unknown) => {
            const first = Array.isArray(params) ? params[0] : params;
            const index = (first as { dataIndex: number }).dataIndex;
            const building = buildings[index];
            const value = values[index];
            if (!building || !value) return '';
            const lines = [`<strong>${escapeHtml(building.buildingName)}</strong>`];
            lines.push(
              escapeHtml(
                value.value === null
                  ? (value.missingReason?.message ?? t('common.value.none'))
                  : valueText(value.value),
              ),
            );
            return lines.join('<br/>');
          },
        },
        xAxis: {
          type: 'category',
          data: buildings.map((building) => building.buildingCode),
          axisLabel: { color: AXIS_TEXT_COLOR, interval: 0, rotate: buildings.length > 8 ? 30 : 0 },
        },
        series: [
          {
            type: 'bar',
            name: indicator.name,
            barMaxWidth: 48,
            data: values.map((value) => ({
              value: value?.value ?? null,
              itemStyle: {
                color:
                  value?.meetsTarget === true
                    ? TARGET_COLOR
                    : value?.meetsTarget === false
                      ? MISSED_COLOR
                      : NEUTRAL_COLOR,
              },
            })),
            markLine: targetLine,
          },
        ],
      };
    }

    return {
      ...common,
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? valueText(value) : t('common.value.none'),
      },
      xAxis: {
        type: 'category',
        data: periods.map((period) => evaluationPeriodLabel(format, evaluation.step, period.firstDate)),
        axisLabel: { color: AXIS_TEXT_COLOR, hideOverlap: true },
      },
      series: buildings.map((building, index) => ({
        type: 'bar' as const,
        name: building.buildingCode,
        barMaxWidth: 24,
        data: building.values.map((value) => value.value),
        ...(index === 0 && targetLine ? { markLine: targetLine } : {}),
        itemStyle: { borderRadius: [2, 2, 0, 0] },
      })),
    };
  }, [evaluation, t, format]);

  return <PerformanceChart option={option} height={360} label={label} />;
}
