import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Signature } from '../api/types';
import { energyColor, escapeHtml } from '../consumption/energy-colors';
import { energyLabel } from '../consumption/labels';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { formatEnergyIn } from './figures';
import { EXCLUDED_COLOR, MODEL_COLOR, periodTitle } from './labels';
import {
  AXIS_TEXT_COLOR,
  CHART_FONT,
  PerformanceChart,
  type PerformanceChartOption,
} from './PerformanceChart';
import { type SignatureAxis, splitSignaturePoints } from './signature-points';

/**
 * Draws the scatter of the energy per day of each period against its degree days per day (or its mean
 * temperature), with the fitted model. Periods left out of the fit are grey and their tooltip
 * gives the reason.
 */
export function SignatureChart({
  signature,
  axis,
  label,
}: {
  signature: Signature;
  axis: SignatureAxis;
  label: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();

  const option = useMemo((): PerformanceChartOption => {
    const language = format.language;
    const { included, excluded } = splitSignaturePoints(signature.points, axis);
    const unit = signature.energyUnit;
    const model = axis === 'degree-days' ? signature.degreeDayModel : signature.temperatureModel;

    const tooltip = (index: number): string => {
      const point = signature.points[index];
      if (!point) return '';
      const lines = [`<strong>${escapeHtml(periodTitle(t, format, signature.step, point))}</strong>`];
      if (point.energyKwhPerDay !== null && point.energyKwh !== null) {
        lines.push(
          escapeHtml(
            t('performance.signature.tooltip-energy', {
              perDay: formatEnergyIn(point.energyKwhPerDay, unit, language),
              total: formatEnergyIn(point.energyKwh, unit, language),
              count: point.days,
            }),
          ),
        );
      }
      if (point.degreeDaysPerDay !== null && point.degreeDays !== null) {
        lines.push(
          escapeHtml(
            t('performance.signature.tooltip-degree-days', {
              perDay: formatNumber(point.degreeDaysPerDay, language, 1),
              total: formatNumber(point.degreeDays, language, 1),
            }),
          ),
        );
      }
      if (point.meanTemperatureC !== null) {
        lines.push(
          escapeHtml(
            t('performance.signature.tooltip-temperature', {
              value: formatNumber(point.meanTemperatureC, language, 1),
            }),
          ),
        );
      }
      if (!point.included) {
        lines.push(
          `<span style="color:#d9480f">${escapeHtml(
            t('performance.signature.tooltip-excluded', {
              reason: point.excludedReason ?? t('performance.signature.excluded-no-reason'),
            }),
          )}</span>`,
        );
      }
      return lines.join('<br/>');
    };

    const pointData = (points: { index: number; x: number; y: number }[]) =>
      points.map((point) => ({ value: [point.x, point.y], pointIndex: point.index }));
    const xName =
      axis === 'degree-days'
        ? t('performance.signature.axis-degree-days')
        : t('performance.signature.axis-temperature');

    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 24, top: 48, bottom: 32, containLabel: true },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params: unknown) => {
          const data = (params as { data?: { pointIndex?: number } }).data;
          if (data?.pointIndex === undefined) return escapeHtml(t('performance.signature.model-tooltip'));
          return tooltip(data.pointIndex);
        },
      },
      xAxis: {
        type: 'value',
        name: xName,
        nameLocation: 'middle',
        nameGap: 28,
        nameTextStyle: { color: AXIS_TEXT_COLOR },
        scale: axis === 'temperature',
        axisLine: { onZero: false },
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 1), color: AXIS_TEXT_COLOR },
        splitLine: { lineStyle: { color: '#f1f3f5' } },
      },
      yAxis: {
        type: 'value',
        name: t('performance.signature.axis-energy', { unit }),
        nameTextStyle: { align: 'left', color: AXIS_TEXT_COLOR },
        axisLine: { show: true, onZero: false },
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 0), color: AXIS_TEXT_COLOR },
      },
      series: [
        ...(excluded.length > 0
          ? [
              {
                type: 'scatter' as const,
                name: t('performance.signature.legend-excluded'),
                color: EXCLUDED_COLOR,
                symbolSize: 7,
                itemStyle: { opacity: 0.8 },
                data: pointData(excluded),
              },
            ]
          : []),
        {
          type: 'scatter',
          name: t('performance.signature.legend-included', { energy: energyLabel(t, signature.energy) }),
          color: energyColor(signature.energy),
          symbolSize: 8,
          itemStyle: { opacity: 0.85, borderColor: '#ffffff', borderWidth: 0.5 },
          data: pointData(included),
        },
        ...(model
          ? [
              {
                type: 'line' as const,
                name: t('performance.signature.legend-model'),
                color: MODEL_COLOR,
                symbol: 'none',
                lineStyle: { width: 2.5 },
                z: 5,
                data: model.line.map((point) => [point.x, point.y]),
              },
            ]
          : []),
      ],
    };
  }, [signature, axis, t, format]);

  return <PerformanceChart option={option} height={420} label={label} />;
}
