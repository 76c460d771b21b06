/**
 * echarts bar charts for the screens (complaint reports, plan evaluation): only the parts they use
 * are registered, and a chart lives as long as its element: drawn, redrawn on window resize, and
 * disposed by the function returned.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Draws `option` into `el` and marks it rendered (`data-rendered`); the returned function disposes the chart. */
export function mountChart(el: HTMLElement, option: ChartOption): () => void {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption(option);
  el.dataset.rendered = 'true';
  const resize = (): void => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
