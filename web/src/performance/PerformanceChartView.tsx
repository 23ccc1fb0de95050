import { ScatterChart } from 'echarts/charts';
import { MarkAreaComponent, MarkLineComponent, MarkPointComponent } from 'echarts/components';
import { use } from 'echarts/core';
import type { ChartOption } from '../components/EChart';
import EChartView from '../components/EChartView';
import type { PerformanceChartOption } from './PerformanceChart';

// The app's chart view registers bars, lines, axes, tooltips, legends and zoom; these charts add
// scatters and reference marks.
use([ScatterChart, MarkLineComponent, MarkAreaComponent, MarkPointComponent]);

/** Draws a performance chart with the app's chart view, in its own module so ECharts loads on demand. */
export default function PerformanceChartView({
  option,
  height,
  label,
}: {
  option: PerformanceChartOption;
  height: number;
  label: string;
}) {
  // The view passes the option to ECharts unchanged, so the wider option type is safe here.
  return <EChartView option={option as ChartOption} height={height} label={label} />;
}
