import { api, asList } from '../../api/client';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { hashQuery } from '../../shell/router';
import { table } from '../../shell/table';
import { toast, toastError } from '../../shell/toast';
import { drawDeviationOverlay } from './deviation-overlay';
import { drawRateChart } from './rate-chart';

interface Report {
  _id: string;
  bucket: string;
  dimension: string;
  key: string;
  started: number;
  expected?: number;
  fieldApplication?: number;
  checked: number;
  conformant: number;
  normativeRate: number;
  organisationalRate?: number;
  benchmark?: number;
  belowBenchmark: boolean;
  trend?: number;
}

interface Alert {
  _id: string;
  bucket: string;
  dimension: string;
  key: string;
  measure: string;
  value: number;
  benchmark: number;
  status: string;
}

interface CaseResult {
  caseId: string;
  verdict: string;
  fitness?: number;
  deviations: { kind: string; activity: string }[];
}

interface Run {
  processId: string;
  version: number;
  summary?: { elements: Record<string, { skipped: number; inserted: number; outOfOrder: number }> };
}

const pct = (x: number | undefined): string => (x === undefined || x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const signedPct = (x: number | undefined): string => (x === undefined || x === null ? '—' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`);

/**
 * `#/conformance?process=…&period=day|month`: the monitor's four measurements for one process (chart
 * of the normative and organisational rates against the benchmark, report table by dimension with
 * drill-down to cases), its open alerts, and per-element deviations of the latest conformance run.
 */
export function conformancePage(root: HTMLElement): () => void {
  const query = hashQuery();
  const processSelect = h('select', { 'data-testid': 'conformance-process', 'aria-label': t('conformance.process') });
  const periodSelect = h(
    'select',
    { 'data-testid': 'conformance-period', 'aria-label': t('conformance.period') },
    h('option', { value: 'day', selected: query.get('period') !== 'month' }, t('conformance.day')),
    h('option', { value: 'month', selected: query.get('period') === 'month' }, t('conformance.month')),
  );
  const chartEl = h('div.conformance-chart', { 'data-testid': 'conformance-chart', style: 'height: 260px' });
  const reportsEl = h('div.card', { 'data-testid': 'conformance-reports' });
  const casesEl = h('div.card', { 'data-testid': 'conformance-cases' });
  const alertsEl = h('div.card', { 'data-testid': 'conformance-alerts' });
  const elementsEl = h('div.card', { 'data-testid': 'conformance-elements' });
  const diagramEl = h('div.conformance-diagram', { 'data-testid': 'conformance-diagram', style: 'position: relative; overflow: hidden; height: 360px' });
  root.append(
    h(
      'div.page',
      {},
      h('div.toolbar', {}, h('h1.page-title', {}, t('conformance.title')), h('span.spacer'), processSelect, periodSelect),
      h('div.card', {}, chartEl),
      h('h2', {}, t('conformance.reports')),
      reportsEl,
      casesEl,
      h('h2', {}, t('conformance.alerts')),
      alertsEl,
      h('h2', {}, t('conformance.elements')),
      h('div.card', {}, diagramEl),
      elementsEl,
    ),
  );
  let disposeChart: (() => void) | undefined;
  let disposeDiagram: (() => void) | undefined;

  const showCases = async (r: Report): Promise<void> => {
    try {
      const out = await api<{ items: CaseResult[] }>('GET', `/conformance/reports/${encodeURIComponent(r._id)}/cases`);
      casesEl.replaceChildren(
        h('h3', {}, t('conformance.casesOf', { bucket: r.bucket, key: r.key })),
        table(
          [
            { label: t('conformance.case'), cell: (c) => h('a', { href: `#/cases/${encodeURIComponent(c.caseId)}` }, c.caseId) },
            { label: t('conformance.verdict'), cell: (c) => t(c.verdict === 'conformant' ? 'conformance.conformant' : c.verdict === 'deviant' ? 'conformance.deviant' : 'conformance.tooLarge') },
            { label: t('conformance.fitness'), cell: (c) => (c.fitness === undefined ? '—' : c.fitness.toFixed(3)) },
            { label: t('conformance.deviations'), cell: (c) => c.deviations.map((d) => `${d.kind}: ${d.activity}`).join('; ') },
          ],
          out.items,
          (c) => ({ 'data-case': c.caseId }),
        ),
      );
    } catch (err) {
      toastError(err);
    }
  };

  const load = async (): Promise<void> => {
    const processId = processSelect.value;
    if (!processId) return;
    const period = periodSelect.value;
    try {
      const [rep, al, runs] = await Promise.all([
        api<{ items: Report[] }>('GET', `/conformance/reports?processId=${encodeURIComponent(processId)}&period=${period}`),
        api<{ items: Alert[] }>('GET', `/conformance/alerts?processId=${encodeURIComponent(processId)}&status=open`),
        api<{ items: Run[] }>('GET', `/conformance/runs?processId=${encodeURIComponent(processId)}&pageSize=1`),
      ]);
      const overall = rep.items.filter((r) => r.dimension === 'process');
      disposeChart?.();
      disposeChart = drawRateChart(chartEl, overall, { normative: t('conformance.normativeRate'), organisational: t('conformance.organisationalRate'), benchmark: t('conformance.benchmark') });
      reportsEl.replaceChildren(
        table(
          [
            { label: t('conformance.bucket'), cell: (r) => r.bucket },
            { label: t('conformance.dimension'), cell: (r) => `${r.dimension}: ${r.key}` },
            { label: t('conformance.started'), cell: (r) => (r.expected === undefined ? r.started : `${r.started} / ${r.expected}`) },
            { label: t('conformance.fieldApplication'), cell: (r) => pct(r.fieldApplication) },
            { label: t('conformance.checked'), cell: (r) => r.checked },
            { label: t('conformance.normativeRate'), cell: (r) => h(r.belowBenchmark ? 'strong.below' : 'span', {}, pct(r.normativeRate)) },
            { label: t('conformance.organisationalRate'), cell: (r) => pct(r.organisationalRate) },
            { label: t('conformance.benchmark'), cell: (r) => pct(r.benchmark) },
            { label: t('conformance.trend'), cell: (r) => signedPct(r.trend) },
            { label: '', cell: (r) => h('button.btn.btn-small', { onclick: () => void showCases(r), 'data-action': 'drill' }, t('conformance.cases')) },
          ],
          rep.items,
          (r) => ({ 'data-report': r._id }),
        ),
      );
      casesEl.replaceChildren();
      alertsEl.replaceChildren(
        table(
          [
            { label: t('conformance.bucket'), cell: (a) => a.bucket },
            { label: t('conformance.dimension'), cell: (a) => `${a.dimension}: ${a.key}` },
            { label: t('conformance.measure'), cell: (a) => t(a.measure === 'organisationalRate' ? 'conformance.organisationalRate' : 'conformance.normativeRate') },
            { label: t('conformance.value'), cell: (a) => `${pct(a.value)} < ${pct(a.benchmark)}` },
            {
              label: '',
              cell: (a) =>
                h(
                  'button.btn.btn-small',
                  {
                    'data-action': 'acknowledge',
                    onclick: () =>
                      void api('POST', `/conformance/alerts/${encodeURIComponent(a._id)}/acknowledge`)
                        .then(() => {
                          toast(t('conformance.acknowledged'), 'success');
                          return load();
                        })
                        .catch(toastError),
                  },
                  t('conformance.acknowledge'),
                ),
            },
          ],
          al.items,
          (a) => ({ 'data-alert': a._id }),
        ),
      );
      const latest = runs.items[0];
      const elements = Object.entries(latest?.summary?.elements ?? {}).map(([id, n]) => ({ id, ...n }));
      elementsEl.replaceChildren(
        table(
          [
            { label: t('conformance.element'), cell: (e) => e.id },
            { label: t('conformance.skipped'), cell: (e) => e.skipped },
            { label: t('conformance.inserted'), cell: (e) => e.inserted },
            { label: t('conformance.outOfOrder'), cell: (e) => e.outOfOrder },
          ],
          elements,
        ),
      );
      disposeDiagram?.();
      disposeDiagram = undefined;
      diagramEl.replaceChildren();
      if (latest) {
        const def = await api<{ xml: string }>('GET', `/definitions/${encodeURIComponent(`${latest.processId}:${latest.version}`)}`);
        try {
          disposeDiagram = await drawDeviationOverlay(diagramEl, def.xml, latest.summary?.elements ?? {}, {
            skipped: t('conformance.skipped'),
            inserted: t('conformance.inserted'),
            outOfOrder: t('conformance.outOfOrder'),
          });
        } catch {
          // Models deployed without diagram interchange (DI) have nothing to draw on; the table still counts.
          diagramEl.replaceChildren(h('p.muted', {}, t('conformance.noDiagram')));
        }
      }
    } catch (err) {
      toastError(err);
    }
  };

  processSelect.addEventListener('change', () => void load());
  periodSelect.addEventListener('change', () => void load());
  void (async () => {
    try {
      const defs = asList<{ processId: string }>(await api('GET', '/definitions'));
      const ids = [...new Set(defs.map((d) => d.processId).filter(Boolean))].sort();
      processSelect.replaceChildren(...ids.map((id) => h('option', { value: id, selected: id === query.get('process') }, id)));
      await load();
    } catch (err) {
      toastError(err);
    }
  })();
  return () => {
    disposeChart?.();
    disposeDiagram?.();
  };
}
