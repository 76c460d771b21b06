import type BpmnModeler from 'bpmn-js/lib/Modeler';
import { toDefinition, toServiceTaskType } from '../../api/adapters';
import { api, asList } from '../../api/client';
import { ApiError, type ElementProblem } from '../../api/problem';
import { type Definition, type ServiceTaskType } from '../../api/types';
import { createModeler } from '../../bpmn/create-modeler';
import { type ProblemMarkers } from '../../bpmn/problems/problem-markers';
import { t } from '../../i18n/i18n';
import { askFor } from '../../shell/dialog';
import { h } from '../../shell/dom';
import { download } from '../../shell/download';
import { toast, toastError } from '../../shell/toast';
import { newDiagramXml } from './new-diagram';

const DRAFT_KEY = 'tp.modeler.draft';
const DRAFT_DEBOUNCE_MS = 800;

interface Draft {
  source: string;
  xml: string;
}

function readDraft(source: string): string | undefined {
  try {
    const draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    return draft?.source === source ? draft.xml : undefined;
  } catch {
    return undefined;
  }
}

async function loadServiceTaskTypes(): Promise<ServiceTaskType[]> {
  try {
    return asList<Record<string, unknown> | string>(await api<unknown>('GET', '/service-task-types')).map(toServiceTaskType);
  } catch (err) {
    toastError(err);
    return [];
  }
}

/**
 * The process editor: `#/modeler` for a new process, `#/modeler/:id` to start from a deployed version.
 * Edits survive a language switch (the page is rebuilt) through a session draft.
 */
export function modelerPage(root: HTMLElement, params: Record<string, string>): () => void {
  const source = params.id ?? 'new';
  const canvasEl = h('div.modeler-canvas', { 'data-testid': 'canvas' });
  const panelEl = h('div.modeler-panel', { 'data-testid': 'properties' });
  const problemsEl = h('div.problems', { hidden: true, 'data-testid': 'problems' });
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml', hidden: true, 'data-testid': 'file-input' });
  const titleEl = h('h1.page-title', {}, t('catalogue.new'));
  const dropHint = h('div.drop-hint', {}, t('modeler.dropHint'));
  let modeler: BpmnModeler | undefined;
  let disposed = false;

  const services = <T>(name: string): T => modeler!.get<T>(name);
  const currentXml = async (): Promise<string> => (await modeler!.saveXML({ format: true })).xml ?? '';
  const rememberDraft = async (): Promise<void> => {
    if (draftTimer !== undefined) window.clearTimeout(draftTimer);
    draftTimer = undefined;
    if (!modeler) return;
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ source, xml: await currentXml() } satisfies Draft));
  };
  // Serialising a large diagram costs tens of milliseconds: keep the draft once edits pause, not per edit.
  let draftTimer: number | undefined;
  const rememberDraftSoon = (): void => {
    if (draftTimer !== undefined) window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(() => void rememberDraft(), DRAFT_DEBOUNCE_MS);
  };

  const showProblems = (problems: ElementProblem[], title: string): void => {
    const markers = services<ProblemMarkers>('problemMarkers');
    markers.show(problems);
    problemsEl.hidden = problems.length === 0;
    problemsEl.replaceChildren(
      h('div.problems-head', {}, h('strong', {}, `${t('modeler.problems')}: ${title}`), h('button.btn.btn-small', { onclick: () => showProblems([], '') }, t('common.close'))),
      h(
        'ul',
        {},
        ...problems.map((p) =>
          h(
            `li.problem-${p.severity ?? 'error'}`,
            {
              onclick: () => {
                if (p.elementId && modeler) {
                  services<{ scrollToElement(id: string): void }>('canvas').scrollToElement(p.elementId);
                  services<{ select(e: unknown): void }>('selection').select(services<{ get(id: string): unknown }>('elementRegistry').get(p.elementId));
                }
              },
            },
            p.elementId ? h('code', {}, p.elementName ?? p.elementId) : null,
            ' ',
            p.message,
            p.rule ? h('span.muted', {}, ` (${p.rule})`) : null,
          ),
        ),
      ),
    );
  };

  const importXml = async (xml: string): Promise<void> => {
    try {
      const result = await modeler!.importXML(xml);
      services<{ zoom(l: string): void }>('canvas').zoom('fit-viewport');
      if (result.warnings.length) toast(t('modeler.importFailed'), 'info', result.warnings.map((w) => String((w as unknown as Error).message ?? w)).slice(0, 3).join('\n'));
      showProblems([], '');
      rememberDraftSoon();
    } catch (err) {
      toast(t('modeler.importFailed'), 'error', err instanceof Error ? err.message : String(err));
    }
  };

  const processName = (): string => {
    const root = services<{ getRootElement(): { businessObject: { name?: string; id: string } } }>('canvas').getRootElement();
    return root.businessObject.name ?? root.businessObject.id ?? 'process';
  };

  const deploy = async (): Promise<void> => {
    const values = await askFor(t('modeler.deployTitle'), [{ name: 'note', label: t('modeler.versionNote'), multiline: true }], t('modeler.deploy'));
    if (!values) return;
    try {
      const created = toDefinition(await api<Record<string, unknown>>('POST', '/definitions', { xml: await currentXml(), ...(values.note ? { note: values.note } : {}) }));
      showProblems([], '');
      toast(t('modeler.deployed', { version: created.version ?? '?' }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) showProblems(err.errors, err.detail ?? err.title);
      toastError(err);
    }
  };

  const toolbar = h(
    'div.toolbar',
    {},
    titleEl,
    h('span.spacer'),
    h('button.btn', { onclick: () => fileInput.click(), 'data-action': 'open' }, t('modeler.open')),
    h(
      'button.btn',
      {
        onclick: () => {
          void rememberDraft().then(() => toast(t('modeler.saved'), 'success'));
        },
      },
      t('modeler.save'),
    ),
    h('button.btn', { 'data-action': 'download-xml', onclick: () => void currentXml().then((xml) => download(`${processName()}.bpmn`, xml, 'application/xml')) }, `↓ ${t('modeler.downloadXml')}`),
    h('button.btn', { 'data-action': 'download-svg', onclick: () => void modeler!.saveSVG().then(({ svg }) => download(`${processName()}.svg`, svg, 'image/svg+xml')) }, `↓ ${t('modeler.downloadSvg')}`),
    h('span.sep'),
    h('button.btn', { onclick: () => services<{ toggleMode(): void }>('toggleMode').toggleMode(), 'data-action': 'simulate' }, `▶ ${t('modeler.simulate')}`),
    h('button.btn', { onclick: () => services<{ toggle(): void }>('linting').toggle(), 'data-action': 'lint' }, `✓ ${t('modeler.lint')}`),
    h('button.btn.btn-primary', { onclick: () => void deploy(), 'data-action': 'deploy' }, t('modeler.deploy')),
  );

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void file.text().then(importXml);
    fileInput.value = '';
  });
  canvasEl.addEventListener('dragover', (e) => {
    e.preventDefault();
    canvasEl.classList.add('dragging');
  });
  canvasEl.addEventListener('dragleave', () => canvasEl.classList.remove('dragging'));
  canvasEl.addEventListener('drop', (e) => {
    e.preventDefault();
    canvasEl.classList.remove('dragging');
    const file = e.dataTransfer?.files[0];
    if (file) void file.text().then(importXml);
  });

  canvasEl.append(dropHint);
  root.append(h('div.page.modeler-page', {}, toolbar, h('div.modeler-body', {}, canvasEl, panelEl), problemsEl, fileInput));

  void (async () => {
    const serviceTaskTypes = await loadServiceTaskTypes();
    if (disposed) return;
    modeler = createModeler(canvasEl, panelEl, { serviceTaskTypes });
    modeler.on('commandStack.changed', rememberDraftSoon);
    (window as unknown as { tpModeler?: BpmnModeler }).tpModeler = modeler;
    let xml = readDraft(source);
    if (!xml && params.id) {
      try {
        const def = toDefinition(await api<Record<string, unknown>>('GET', `/definitions/${encodeURIComponent(params.id)}`)) as Definition;
        xml = def.xml;
        titleEl.textContent = `${def.name ?? def.processId ?? def.key ?? def.id} · v${def.version ?? '?'}`;
      } catch (err) {
        toastError(err);
      }
    }
    await importXml(xml ?? newDiagramXml());
  })();

  return () => {
    disposed = true;
    const m = modeler;
    // A language switch rebuilds the page from the draft: write a pending one before letting go.
    if (m && draftTimer !== undefined) void rememberDraft().finally(() => m.destroy());
    else m?.destroy();
  };
}
