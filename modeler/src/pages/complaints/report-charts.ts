/** echarts charts of the monthly complaint report: categories per department, SLA compliance and satisfaction. */
import { mountChart } from '../../shell/bar-chart';
import type { DepartmentSummary } from './complaint-types';

/** Stacked bars: complaints per department, one colour per category. */
export function drawCategoryChart(el: HTMLElement, deps: DepartmentSummary[]): () => void {
  const categories = [...new Set(deps.flatMap((d) => Object.keys(d.byCategory)))].sort();
  el.dataset.series = String(categories.length);
  return mountChart(el, {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: categories },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: deps.map((d) => d.department) },
    yAxis: { type: 'value', minInterval: 1 },
    series: categories.map((c) => ({ name: c, type: 'bar', stack: 'all', data: deps.map((d) => d.byCategory[c] ?? 0) })),
  });
}

/** Side-by-side bars per department: SLA compliance and satisfied share, in percent. */
export function drawComplianceChart(el: HTMLElement, deps: DepartmentSummary[], labels: { compliance: string; satisfied: string }): () => void {
  const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);
  el.dataset.series = '2';
  return mountChart(el, {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0, data: [labels.compliance, labels.satisfied] },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: deps.map((d) => d.department) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.compliance, type: 'bar', data: deps.map((d) => pct(d.sla.compliance)) },
      { name: labels.satisfied, type: 'bar', data: deps.map((d) => pct(d.satisfaction.satisfiedShare)) },
    ],
  });
}
