import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface RatePoint {
  bucket: string;
  normativeRate: number;
  organisationalRate?: number;
  benchmark?: number;
}

/** Line chart of the normative (and organisational) rate per bucket against the benchmark, in percent. */
export function drawRateChart(el: HTMLElement, points: RatePoint[], labels: { normative: string; organisational: string; benchmark: string }): () => void {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  const pct = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 1000) / 10);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0, data: [labels.normative, labels.organisational, labels.benchmark] },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.bucket) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.normative, type: 'line', data: points.map((p) => pct(p.normativeRate)) },
      { name: labels.organisational, type: 'line', data: points.map((p) => pct(p.organisationalRate)) },
      { name: labels.benchmark, type: 'line', lineStyle: { type: 'dashed' }, symbolSize: 4, data: points.map((p) => pct(p.benchmark)) },
    ],
  });
  const resize = (): void => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
