/**
 * echarts charts of a plan's evaluation: reach and completion rate per channel and per time window
 * (day part), in percent. Loaded on demand with the evaluation, so the plans page stays light.
 */
import { mountChart } from '../../shell/bar-chart';

export interface RateGroup {
  attempts: number;
  reachRate: number;
  completionRate: number;
}

/**
 * Side-by-side bars, one group per key (a channel, a day part): reach and completion rate. Draws
 * into `el` and marks it rendered; the returned function disposes the chart.
 */
export function drawRateChart(el: HTMLElement, groups: Record<string, RateGroup>, labels: { reach: string; completion: string }): () => void {
  const keys = Object.keys(groups);
  const pct = (x: number): number => Math.round(x * 1000) / 10;
  el.dataset.groups = String(keys.length);
  return mountChart(el, {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0, data: [labels.reach, labels.completion] },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: keys },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.reach, type: 'bar', data: keys.map((k) => pct(groups[k].reachRate)) },
      { name: labels.completion, type: 'bar', data: keys.map((k) => pct(groups[k].completionRate)) },
    ],
  });
}
