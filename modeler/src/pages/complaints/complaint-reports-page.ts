/**
 * Monthly complaint reports: pick a month and see, per department, counts by kind and category,
 * SLA compliance, satisfaction and the most frequent issues, with two charts. The figures are the
 * live ones (computed from the records now) or the summary the monthly Schedule stored.
 */
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { hashQuery } from '../../shell/router';
import { complaintTabs, label } from './complaint-badges';
import type { DepartmentSummary, MonthlyReport } from './complaint-types';
import { drawCategoryChart, drawComplianceChart } from './report-charts';

/** The current month in the service centre's time zone (UTC+8), `YYYY-MM`. */
function thisMonth(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
const counts = (o: Record<string, number>, prefix?: string): string =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${prefix ? label(prefix, k) : k} ${n}`)
    .join(' · ');

function departmentTable(deps: DepartmentSummary[]): HTMLElement {
  const head = ['reports.department', 'reports.received', 'reports.closed', 'reports.byKind', 'reports.byCategory', 'reports.compliance', 'reports.satisfaction', 'reports.topIssues'] as const;
  return h(
    'table.data-table',
    { 'data-testid': 'report-table' },
    h('thead', {}, h('tr', {}, ...head.map((k) => h('th', {}, t(k))))),
    h(
      'tbody',
      {},
      ...deps.map((d) =>
        h(
          'tr',
          { 'data-department': d.department },
          h('td', {}, h('strong', {}, d.department)),
          h('td', { 'data-cell': 'received' }, d.received),
          h('td', {}, d.closed),
          h('td', {}, counts(d.byKind, 'complaints.kind')),
          h('td', {}, counts(d.byCategory)),
          h('td', { 'data-cell': 'compliance' }, pct(d.sla.compliance), h('div.muted', {}, t('reports.slaCounts', { met: d.sla.met, breached: d.sla.breached }))),
          h(
            'td',
            {},
            d.satisfaction.answers
              ? t('reports.satisfactionValue', { avg: (d.satisfaction.average ?? 0).toFixed(2), share: pct(d.satisfaction.satisfiedShare), n: d.satisfaction.answers })
              : '–',
          ),
          h('td', {}, d.topCategories.map((c) => `${c.category} (${c.count})`).join(', ')),
        ),
      ),
    ),
  );
}

export function complaintReportsPage(root: HTMLElement): () => void {
  const q = hashQuery();
  const month = h('input', { type: 'month', name: 'month', 'data-testid': 'report-month', value: q.get('month') ?? thisMonth() });
  const source = h(
    'select',
    { name: 'source', 'data-testid': 'report-source' },
    h('option', { value: 'live', selected: q.get('source') !== 'stored' }, t('reports.source.live')),
    h('option', { value: 'stored', selected: q.get('source') === 'stored' }, t('reports.source.stored')),
  );
  const body = h('div', { 'data-testid': 'report-body' });
  let disposers: (() => void)[] = [];
  const dispose = (): void => {
    disposers.forEach((d) => d());
    disposers = [];
  };

  const render = async (): Promise<void> => {
    dispose();
    const m = month.value;
    if (!/^\d{4}-\d{2}$/.test(m)) return;
    body.replaceChildren(h('p.muted', {}, t('common.loading')));
    let report: MonthlyReport | undefined;
    try {
      if (source.value === 'stored') report = (await api<{ items: MonthlyReport[] }>('GET', `/complaints/reports/summaries?month=${m}`)).items[0];
      else report = await api<MonthlyReport>('GET', `/complaints/reports/monthly?month=${m}`);
    } catch (err) {
      body.replaceChildren(h('p.form-error', {}, `${t('common.error')}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (!report) {
      body.replaceChildren(h('p.empty', { 'data-testid': 'report-empty' }, t('reports.noStored', { month: m })));
      return;
    }
    if (report.departments.length === 0) {
      body.replaceChildren(h('p.empty', { 'data-testid': 'report-empty' }, t('reports.none', { month: m })));
      return;
    }
    const categories = h('div.report-chart', { 'data-testid': 'chart-categories', style: 'height:300px' });
    const compliance = h('div.report-chart', { 'data-testid': 'chart-compliance', style: 'height:300px' });
    body.replaceChildren(
      report.storedAt ? h('p.muted', { 'data-testid': 'stored-at' }, t('reports.storedAt', { at: formatDate(report.storedAt) })) : '',
      h('div.card', {}, departmentTable(report.departments)),
      h(
        'div',
        { style: 'display:grid;grid-template-columns:1fr 1fr;gap:16px' },
        h('div.card', {}, h('h2', {}, t('reports.chart.categories')), categories),
        h('div.card', {}, h('h2', {}, t('reports.chart.compliance')), compliance),
      ),
    );
    disposers.push(drawCategoryChart(categories, report.departments));
    disposers.push(drawComplianceChart(compliance, report.departments, { compliance: t('reports.compliance'), satisfied: t('reports.chart.satisfied') }));
  };
  const go = (): void => {
    history.replaceState(null, '', `#/complaints/reports?month=${month.value}&source=${source.value}`);
    void render();
  };
  month.addEventListener('change', go);
  source.addEventListener('change', go);

  root.append(
    h(
      'div.page',
      {},
      h('div.toolbar', {}, h('h1.page-title', {}, t('reports.title')), h('span.spacer'), complaintTabs('reports')),
      h('div.toolbar', {}, h('label', {}, `${t('reports.month')} `, month), h('label', {}, `${t('reports.source')} `, source), h('button.btn', { onclick: go }, t('common.refresh'))),
      body,
    ),
  );
  void render();
  return dispose;
}
