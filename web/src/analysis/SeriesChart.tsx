import { Alert, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from '../components/EChart';
import { ENERGY_COLORS, energyColor } from '../consumption/energy-colors';
import { useFormat } from '../use-format';
import type { AnalysisSeries, Completeness, SeriesResponse } from './api';
import { formatPeriodLabel, UNIT_SYMBOLS } from './labels';

export type ChartType = 'bar' | 'line';

/** Series palette; comparison series reuse the base colour of their key, lighter. */
const PALETTE = [
  '#1c7ed6',
  '#f08c00',
  '#2f9e44',
  '#ae3ec9',
  '#e03131',
  '#0c8599',
  '#5c940d',
  '#d6336c',
  '#495057',
];
/** Decimals shown for values in the tooltip. */
const VALUE_DECIMALS = 1;
/** Min/max bands are drawn only for a few series, past which they hide each other. */
const MAX_BANDS = 3;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Completeness of several series together, weighted by the points each one owes. */
export function combinedCompleteness(series: AnalysisSeries[]): Completeness {
  let expected = 0;
  let measured = 0;
  let estimated = 0;
  let missing = 0;
  for (const item of series) {
    const completeness = item.totals.completeness;
    expected += completeness.expectedPoints;
    measured += completeness.measured * completeness.expectedPoints;
    estimated += completeness.estimated * completeness.expectedPoints;
    missing += completeness.missing * completeness.expectedPoints;
  }
  if (expected === 0) return { measured: 0, estimated: 0, missing: 0, expectedPoints: 0 };
  return {
    measured: measured / expected,
    estimated: estimated / expected,
    missing: missing / expected,
    expectedPoints: expected,
  };
}

/** Sentence « Mesuré 98 %, estimé 1 %, manquant 1 % » for a completeness. */
export function useCompletenessText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (completeness: Completeness) =>
    completeness.expectedPoints === 0
      ? t('analysis.completeness.nothing-owed')
      : t('analysis.completeness.text', {
          measured: format.share(completeness.measured),
          estimated: format.share(completeness.estimated),
          missing: format.share(completeness.missing),
        });
}

/** Thin bar of measured, estimated and missing shares with a warning below 100 % measured. */
export function CompletenessBar({ completeness }: { completeness: Completeness }) {
  const { t } = useTranslation();
  const text = useCompletenessText()(completeness);
  const incomplete = completeness.expectedPoints > 0 && completeness.measured < 1;
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('analysis.completeness.label')}
        </Text>
        <Tooltip label={text}>
          <Progress.Root size={8} style={{ flex: 1 }} aria-label={text}>
            <Progress.Section value={completeness.measured * 100} color="teal" />
            <Progress.Section value={completeness.estimated * 100} color="yellow" />
            <Progress.Section value={completeness.missing * 100} color="red" />
          </Progress.Root>
        </Tooltip>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="completeness-text">
          {text}
        </Text>
      </Group>
      {incomplete && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} py={6}>
          {t('analysis.completeness.warning', { text })}
        </Alert>
      )}
    </Stack>
  );
}

/** Colour of a series: an energy keeps the colour it has on every page, other keys take the palette's. */
function colourOf(keys: string[], key: string): string {
  if (key in ENERGY_COLORS) return energyColor(key);
  return PALETTE[keys.indexOf(key) % PALETTE.length] ?? PALETTE[0] ?? '#1c7ed6';
}

/** Chart of the series, with the base periods on the x axis and comparisons facing them. */
export function SeriesChart({
  response,
  chartType,
  stacked,
}: {
  response: SeriesResponse;
  chartType: ChartType;
  stacked: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const completenessText = useCompletenessText();
  const weekWord = t('analysis.week-prefix');

  const option = useMemo<ChartOption>(() => {
    const base = response.series.filter((item) => item.role === 'base');
    const first = base[0];
    const categories = (first?.points ?? []).map((point) =>
      point.label ? formatPeriodLabel(point.label, format.language, weekWord, true) : '',
    );
    const keys = [...new Set(response.series.map((item) => item.key))];
    const unit = UNIT_SYMBOLS[response.unit];
    const drawn: (BarSeriesOption | LineSeriesOption)[] = [];

    if (response.downsampled && base.length <= MAX_BANDS) {
      for (const item of base) {
        const stack = `band-${item.id}`;
        drawn.push({
          type: 'line',
          name: `${item.id}-min`,
          stack,
          data: item.points.map((point) => point.min),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          silent: true,
          tooltip: { show: false },
        });
        drawn.push({
          type: 'line',
          name: `${item.id}-band`,
          stack,
          data: item.points.map((point) =>
            point.max === null || point.min === null ? null : point.max - point.min,
          ),
          lineStyle: { opacity: 0 },
          areaStyle: { color: colourOf(keys, item.key), opacity: 0.18 },
          symbol: 'none',
          silent: true,
          tooltip: { show: false },
        });
      }
    }

    const stackOf = (item: AnalysisSeries) =>
      stacked
        ? item.role === 'comparison'
          ? `comparison-${item.comparison?.years ?? item.id}`
          : 'base'
        : undefined;
    const stackSizes = new Map<string, number>();
    for (const item of response.series) {
      const stack = stackOf(item);
      if (stack) stackSizes.set(stack, (stackSizes.get(stack) ?? 0) + 1);
    }

    for (const item of response.series) {
      const comparison = item.role === 'comparison';
      const colour = colourOf(keys, item.key);
      const stack = stackOf(item);
      // Areas show how stacked series add up; a lone series stays a line so the min/max band shows.
      const filled = stack !== undefined && (stackSizes.get(stack) ?? 0) > 1;
      const data = item.points.map((point) => point.value);
      if (chartType === 'bar') {
        drawn.push({
          type: 'bar',
          name: item.label,
          data,
          ...(stack ? { stack } : {}),
          itemStyle: { color: colour, opacity: comparison ? 0.45 : 1 },
        });
      } else {
        drawn.push({
          type: 'line',
          name: item.label,
          data,
          ...(stack ? { stack } : {}),
          ...(filled ? { areaStyle: { opacity: 0.25 } } : {}),
          showSymbol: data.length < 100,
          lineStyle: {
            color: colour,
            width: 1.5,
            type: comparison ? 'dashed' : 'solid',
            opacity: comparison ? 0.6 : 1,
          },
          itemStyle: { color: colour },
        });
      }
    }

    const legendNames = response.series.map((item) => item.label);
    return {
      animation: false,
      grid: { left: 72, right: 24, top: 48, bottom: categories.length > 60 ? 72 : 40 },
      legend: { type: 'scroll', top: 0, data: legendNames },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params];
          const index = list[0]?.dataIndex ?? 0;
          const lines = [`<strong>${escapeHtml(String(list[0]?.name ?? ''))}</strong>`];
          for (const item of response.series) {
            const point = item.points[index];
            if (!point) continue;
            const value =
              point.value === null
                ? t('analysis.no-value')
                : `${format.number(point.value, VALUE_DECIMALS)} ${unit}`;
            const range =
              point.min !== null && point.max !== null
                ? ` (${t('analysis.chart.min-max', {
                    min: format.number(point.min, VALUE_DECIMALS),
                    max: format.number(point.max, VALUE_DECIMALS),
                  })})`
                : '';
            lines.push(`${escapeHtml(item.label)} : ${escapeHtml(value + range)}`);
          }
          const point = first?.points[index];
          if (point)
            lines.push(
              `<span style="color:#868e96">${escapeHtml(completenessText(point.completeness))}</span>`,
            );
          return lines.join('<br/>');
        },
      },
      xAxis: { type: 'category', data: categories },
      yAxis: {
        type: 'value',
        name: unit,
        axisLabel: { formatter: (value: number) => format.number(value) },
      },
      ...(categories.length > 60
        ? { dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 8 }] }
        : {}),
      series: drawn,
    };
  }, [response, chartType, stacked, format, t, weekWord, completenessText]);

  return (
    <EChart
      option={option}
      height={380}
      label={t('analysis.chart.label', { unit: UNIT_SYMBOLS[response.unit] })}
    />
  );
}
