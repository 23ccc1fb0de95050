import { Center, Loader } from '@mantine/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
>;

// ECharts weighs about 590 kB minified, so it loads only when a page first draws a chart.
const EChartView = lazy(() => import('./EChartView'));

/**
 * ECharts chart that follows its container's width. `label` describes the chart for screen
 * readers, which cannot read the drawing, so pages also show the figures in a table.
 */
export function EChart(props: { option: ChartOption; height: number; label: string }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <Center h={props.height}>
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      }
    >
      <EChartView {...props} />
    </Suspense>
  );
}
