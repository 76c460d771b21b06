import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { toDefinition } from '../../api/adapters';
import { api } from '../../api/client';
import { type Definition } from '../../api/types';
import { createHeatmapViewer } from '../../bpmn/create-modeler';
import { heatGradient } from '../../bpmn/heatmap/colour-scale';
import { type ElementHeat, type HeatMetric, type HeatmapOverlays } from '../../bpmn/heatmap/heatmap-overlays';
import { type ElementRegistry } from '../../bpmn/moddle-types';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { hashQuery } from '../../shell/router';
import { table } from '../../shell/table';
import { toastError } from '../../shell/toast';
import { formatDuration } from './duration';

interface Heatmap {
  definitionId: string;
  processId: string;
  version: number;
  cases: number;
  elements: (ElementHeat & { elementName?: string; elementType: string })[];
}

/**
 * `#/heatmap/:id`: the diagram of one process version with, per element, how many cases passed it and
 * the mean time spent there; colour by either figure (`?metric=duration`).
 */
export function heatmapPage(root: HTMLElement, params: Record<string, string>): () => void {
  const id = params.id;
  let metric: HeatMetric = hashQuery().get('metric') === 'duration' ? 'duration' : 'cases';
  const canvasEl = h('div.case-canvas', { 'data-testid': 'heatmap-canvas' });
  const titleEl = h('h1.page-title', {}, t('heatmap.title'));
  const summaryEl = h('span.muted', { 'data-testid': 'heatmap-summary' });
  const legendMax = h('span', { 'data-testid': 'legend-max' });
  const legendLabel = h('span');
  const legend = h('div.legend.heat-legend', { 'data-testid': 'heatmap-legend' }, legendLabel, h('span', {}, '0'), h('span.heat-ramp', { style: `background: ${heatGradient()}` }), legendMax);
  const tableEl = h('div.card');
  const metricSelect = h(
    'select',
    { 'data-testid': 'heatmap-metric', 'aria-label': t('heatmap.colourBy') },
    h('option', { value: 'cases', selected: metric === 'cases' }, t('heatmap.byCases')),
    h('option', { value: 'duration', selected: metric === 'duration' }, t('heatmap.byDuration')),
  );
  root.append(
    h(
      'div.page.case-page',
      {},
      h('div.toolbar', {}, titleEl, summaryEl, h('span.spacer'), h('label', {}, `${t('heatmap.colourBy')} `, metricSelect), h('a.btn.btn-small', { href: `#/modeler/${encodeURIComponent(id)}` }, t('common.open'))),
      h('div.case-body', {}, h('div.card.case-diagram', {}, canvasEl, legend)),
      tableEl,
    ),
  );

  let viewer: NavigatedViewer | undefined;
  let data: Heatmap | undefined;
  let disposed = false;

  const paint = (): void => {
    if (!viewer || !data) return;
    const max = viewer.get<HeatmapOverlays>('heatmapOverlays').show(data.elements, metric, formatDuration);
    legendLabel.textContent = metric === 'cases' ? t('heatmap.byCases') : t('heatmap.byDuration');
    legendMax.textContent = metric === 'cases' ? String(max) : formatDuration(max);
  };

  metricSelect.addEventListener('change', () => {
    metric = metricSelect.value === 'duration' ? 'duration' : 'cases';
    paint();
  });

  void (async () => {
    try {
      const [def, heat] = await Promise.all([
        api<Record<string, unknown>>('GET', `/definitions/${encodeURIComponent(id)}`).then((raw) => toDefinition(raw) as Definition),
        api<Heatmap>('GET', `/stats/definitions/${encodeURIComponent(id)}/heatmap`),
      ]);
      if (disposed) return;
      data = heat;
      titleEl.textContent = `${t('heatmap.title')}: ${def.name ?? def.processId ?? def.id} · v${def.version ?? '?'}`;
      summaryEl.textContent = t('heatmap.summary', { cases: heat.cases });
      viewer = createHeatmapViewer(canvasEl);
      await viewer.importXML(def.xml);
      if (disposed) return;
      viewer.get<{ zoom(l: string): void }>('canvas').zoom('fit-viewport');
      paint();
      const registry = viewer.get<ElementRegistry>('elementRegistry');
      const nameOf = (e: Heatmap['elements'][number]): string => e.elementName ?? registry.get(e.elementId)?.businessObject.name ?? e.elementId;
      tableEl.replaceChildren(
        table(
          [
            { label: t('heatmap.element'), cell: (e) => nameOf(e) },
            { label: t('heatmap.cases'), cell: (e) => e.cases },
            { label: t('heatmap.meanTime'), cell: (e) => (e.meanDurationMs === null ? '—' : formatDuration(e.meanDurationMs)) },
            { label: t('heatmap.active'), cell: (e) => e.active },
          ],
          heat.elements,
          (e) => ({ 'data-heat-row': e.elementId }),
        ),
      );
    } catch (err) {
      toastError(err);
    }
  })();

  return () => {
    disposed = true;
    viewer?.destroy();
  };
}
