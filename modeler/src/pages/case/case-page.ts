import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { toCaseDetail } from '../../api/adapters';
import { api } from '../../api/client';
import { type CaseDetail, type Definition } from '../../api/types';
import { createCaseViewer } from '../../bpmn/create-modeler';
import { type CaseMarkers } from '../../bpmn/case-markers/case-markers';
import { type ElementRegistry } from '../../bpmn/moddle-types';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toastError } from '../../shell/toast';
import { statusPill } from '../cases-page';
import { caseActions } from './case-actions';
import { positionList, trailTimeline, variablesList } from './case-panels';

const POLL_MS = 2000;
const TEMPORAL_UI = 'http://localhost:8233';

/** One case on the diagram of its own process version, refreshed while it runs. */
export function casePage(root: HTMLElement, params: Record<string, string>): () => void {
  const id = params.id;
  const canvasEl = h('div.case-canvas', { 'data-testid': 'case-canvas' });
  const headEl = h('div.toolbar');
  const sideEl = h('div.case-side');
  const trailEl = h('div.card.case-trail');
  const legend = h(
    'div.legend',
    {},
    h('span.legend-item.legend-active', {}, t('case.legend.active')),
    h('span.legend-item.legend-waiting', {}, t('case.legend.waiting')),
    h('span.legend-item.legend-taken', {}, t('case.legend.taken')),
    h('span.legend-item.legend-incident', {}, t('case.legend.incident')),
  );
  root.append(h('div.page.case-page', {}, headEl, h('div.case-body', {}, h('div.card.case-diagram', {}, canvasEl, legend), sideEl), trailEl));

  let viewer: NavigatedViewer | undefined;
  let loadedXmlFor: string | undefined;
  let timer: number | undefined;
  let disposed = false;
  let lastSignature = '';

  const nameOf = (elementId: string): string => {
    const el = viewer?.get<ElementRegistry>('elementRegistry').get(elementId);
    return el?.businessObject.name ?? elementId;
  };

  const xmlFor = async (detail: CaseDetail): Promise<string | undefined> => {
    if (detail.xml) return detail.xml;
    if (detail.definition?.xml) return detail.definition.xml;
    if (!detail.definitionId) return undefined;
    return (await api<Definition>('GET', `/definitions/${encodeURIComponent(detail.definitionId)}`)).xml;
  };

  const render = async (): Promise<void> => {
    const detail: CaseDetail = toCaseDetail(await api<Record<string, unknown>>('GET', `/cases/${encodeURIComponent(id)}`));
    if (disposed) return;
    const signature = JSON.stringify(detail);
    if (signature === lastSignature) return;
    lastSignature = signature;
    const versionKey = detail.definitionId ?? 'inline';
    if (loadedXmlFor !== versionKey) {
      const xml = await xmlFor(detail);
      if (disposed) return;
      viewer ??= createCaseViewer(canvasEl);
      if (xml) {
        await viewer.importXML(xml);
        viewer.get<{ zoom(l: string): void }>('canvas').zoom('fit-viewport');
      }
      loadedXmlFor = versionKey;
    }
    viewer?.get<CaseMarkers>('caseMarkers').show({ tokens: detail.tokens ?? [], trail: detail.trail ?? [], incidents: detail.incidents ?? [] });
    const elementOptions = (viewer?.get<ElementRegistry>('elementRegistry').filter((e) => /Task|Event|Gateway|SubProcess|CallActivity/.test(e.type) && !e.type.includes('Label')) ?? []).map((e) => ({
      value: e.id,
      label: e.businessObject.name ? `${e.businessObject.name} (${e.id})` : e.id,
    }));
    const temporal = detail.temporalUrl ?? (detail.workflowId ? `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(detail.workflowId)}` : undefined);
    headEl.replaceChildren(
      h('h1.page-title', {}, t('case.title', { id: detail.businessKey ?? detail.id })),
      statusPill(detail.status),
      h('span.muted', {}, detail.processName ?? detail.processId ?? ''),
      h('span.spacer'),
      caseActions(detail, elementOptions, nameOf, () => void refresh()) ?? '',
      ...(temporal ? [h('a.btn.btn-small.btn-ghost', { href: temporal, target: '_blank', rel: 'noopener', 'data-action': 'temporal' }, `${t('case.temporal')} ↗`)] : []),
    );
    sideEl.replaceChildren(
      h('section.card', {}, h('h3', {}, t('case.tokens')), positionList(detail, nameOf)),
      h('section.card', {}, h('h3', {}, t('case.variables')), variablesList(detail.variables)),
    );
    trailEl.replaceChildren(h('h3', {}, t('case.trail')), trailTimeline(detail.trail ?? [], nameOf));
  };

  const refresh = async (): Promise<void> => {
    try {
      await render();
    } catch (err) {
      toastError(err);
    }
  };

  void refresh();
  timer = window.setInterval(() => void render().catch(() => undefined), POLL_MS);

  return () => {
    disposed = true;
    if (timer) window.clearInterval(timer);
    timer = undefined;
    viewer?.destroy();
  };
}
