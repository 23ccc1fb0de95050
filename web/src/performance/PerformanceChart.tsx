import { Center, Loader } from '@mantine/core';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  MarkPointComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

/** ECharts option of the performance charts: scatters and reference marks on top of bars and lines. */
export type PerformanceChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | MarkPointComponentOption
>;

// Loaded on demand like the app's other charts, with the scatter and mark components registered.
const PerformanceChartView = lazy(() => import('./PerformanceChartView'));

/**
 * Draws a chart of the performance pages at its container's width. `label` describes it for
 * screen readers; each chart also has a table or sentences that give its figures.
 */
export function PerformanceChart(props: { option: PerformanceChartOption; height: number; label: string }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <Center h={props.height}>
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      }
    >
      <PerformanceChartView {...props} />
    </Suspense>
  );
}

/** Font of the chart texts, the same as the interface's. */
export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

/** Colour of axis labels and names, dark enough to read on white. */
export const AXIS_TEXT_COLOR = '#495057';
