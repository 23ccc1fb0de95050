import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsumptionStep } from '../api/types';
import { type ChartOption, EChart } from '../components/EChart';
import { energyUnitFor, formatNumber } from '../format';
import { useFormat } from '../use-format';
import { energyColor, escapeHtml, INCOMPLETE_COLOR } from './energy-colors';
import { energyLabel } from './labels';
import { type ConsumptionPeriod, VOLUME_ENERGIES } from './periods';

/** Periods beyond which the chart adds a zoom slider, so that daily bars stay readable. */
const ZOOM_THRESHOLD = 62;

/** Diagonal white stripes drawn over the bars of incomplete periods. */
export const INCOMPLETE_DECAL = {
  symbol: 'rect',
  symbolSize: 1,
  dashArrayX: [1, 0],
  dashArrayY: [3, 3],
  rotation: -Math.PI / 4,
  color: 'rgba(255, 255, 255, 0.75)',
};

/** Background colour of the periods for which the API returned nothing. */
const NO_DATA_COLOR = '#e9ecef';

/**
 * Stacked bars of a building's energy per period and per energy. Incomplete periods are hatched
 * and their axis label is orange. Periods without any figure get a grey column.
 */
export function ConsumptionChart({
  periods,
  energies,
  step,
  label,
}: {
  periods: ConsumptionPeriod[];
  energies: string[];
  step: ConsumptionStep;
  label: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();

  const option = useMemo((): ChartOption => {
    const language = format.language;
    const chartEnergies = energies.filter((energy) => !VOLUME_ENERGIES.includes(energy));
    const maxTotal = Math.max(0, ...periods.map((period) => period.totalKWh));
    const { unit, divisor } = energyUnitFor(maxTotal);
    const periodLabel = (period: string) =>
      step === 'month' ? format.month(period, true) : format.localDate(period).slice(0, 5);
    const periodTitle = (period: string) =>
      step === 'month' ? format.month(period) : format.localDay(period);
    const zoomed = periods.length > ZOOM_THRESHOLD;

    const tooltip = (index: number): string => {
      const period = periods[index];
      if (!period) return '';
      const lines = [`<strong>${escapeHtml(format.capitalize(periodTitle(period.period)))}</strong>`];
      if (period.status === 'missing') {
        lines.push(escapeHtml(t('consumption.chart.tooltip-no-data')));
        return lines.join('<br/>');
      }
      for (const energy of energies) {
        const figures = period.byEnergy[energy];
        const dot = `<span style="display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px;background:${energyColor(energy)}"></span>`;
        const name = escapeHtml(t('consumption.chart.tooltip-label', { name: energyLabel(t, energy) }));
        if (!figures) {
          lines.push(`${dot}${name} ${escapeHtml(t('consumption.chart.tooltip-energy-missing'))}`);
          continue;
        }
        const quantity =
          figures.energyKWh === null
            ? t('consumption.value.not-valued')
            : VOLUME_ENERGIES.includes(energy)
              ? t('common.unit.cubic-metres', { value: format.number(figures.energyKWh, 1) })
              : format.energy(figures.energyKWh);
        const share =
          figures.pointsExpected > 0
            ? t('consumption.chart.tooltip-points', {
                share: format.share(figures.pointsPresent / figures.pointsExpected),
                present: format.number(figures.pointsPresent),
                expected: format.number(figures.pointsExpected),
              })
            : '';
        const shareColor = figures.pointsPresent < figures.pointsExpected ? INCOMPLETE_COLOR : '#868e96';
        lines.push(
          `${dot}${name} <strong>${escapeHtml(quantity)}</strong> <span style="color:${shareColor}">${escapeHtml(share)}</span>`,
        );
      }
      lines.push(
        `${escapeHtml(t('consumption.chart.tooltip-label', { name: t('consumption.chart.tooltip-total') }))} <strong>${escapeHtml(format.energy(period.totalKWh))}</strong>`,
      );
      if (period.status === 'incomplete') {
        const share =
          period.pointsExpected > 0 ? format.share(period.pointsPresent / period.pointsExpected) : '—';
        lines.push(
          `<span style="color:${INCOMPLETE_COLOR}">${escapeHtml(t('consumption.chart.tooltip-incomplete', { share }))}</span>`,
        );
      }
      return lines.join('<br/>');
    };

    const energySeries = chartEnergies.map((energy) => ({
      type: 'bar' as const,
      name: energyLabel(t, energy),
      stack: 'energy',
      color: energyColor(energy),
      barMaxWidth: 46,
      barGap: '-100%',
      emphasis: { focus: 'series' as const },
      data: periods.map((period) => {
        const kWh = period.byEnergy[energy]?.energyKWh;
        const value = kWh === undefined || kWh === null ? null : kWh / divisor;
        return period.status === 'complete' ? value : { value, itemStyle: { decal: INCOMPLETE_DECAL } };
      }),
    }));
    const hasMissing = periods.some((period) => period.status === 'missing');
    const noDataSeries = {
      type: 'bar' as const,
      name: t('consumption.chart.legend-no-data'),
      color: NO_DATA_COLOR,
      barGap: '-100%',
      barMaxWidth: 46,
      z: 1,
      silent: true,
      data: periods.map((period) => (period.status === 'missing' ? maxTotal / divisor || 1 : null)),
    };

    return {
      animation: false,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif' },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 44, bottom: zoomed ? 56 : 8, containLabel: true },
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
        data: periods.map((period) => period.period),
        axisTick: { alignWithLabel: true },
        axisLabel: {
          hideOverlap: true,
          formatter: (value: string) => periodLabel(value),
          color: (_value?: string | number, index?: number) =>
            periods[index ?? -1]?.status === 'incomplete' ? INCOMPLETE_COLOR : '#495057',
        },
      },
      yAxis: {
        type: 'value',
        name: unit,
        nameTextStyle: { align: 'right', color: '#495057' },
        axisLabel: { formatter: (value: number) => formatNumber(value, language, 1), color: '#495057' },
      },
      dataZoom: zoomed
        ? [
            { type: 'inside' },
            {
              type: 'slider',
              height: 22,
              bottom: 10,
              labelFormatter: (index: number) => periodLabel(periods[index]?.period ?? ''),
            },
          ]
        : [],
      series: hasMissing ? [noDataSeries, ...energySeries] : energySeries,
    };
  }, [periods, energies, step, t, format]);

  return <EChart option={option} height={360} label={label} />;
}
