/**
 * The questionnaire editor: header fields (provider, code, name, purpose, summary, validity
 * period, answer-sheet validity rules), the questions as cards (text, type, required, options; move up and down through the
 * reorder route), the branching as an editable tree, copying questions from another questionnaire,
 * archive, JSON and spreadsheet export, the agent's script preview, and the answers (sheets with
 * their validity flag, per-question statistics). Saving sends the whole
 * questionnaire; the API's problems appear beside the header field or on the question they name.
 */
import type { Question, Questionnaire } from '../../../../core/questionnaire/types';
import { api, asList } from '../../api/client';
import { ApiError } from '../../api/problem';
import { t } from '../../i18n/i18n';
import { askFor } from '../../shell/dialog';
import { h } from '../../shell/dom';
import { download } from '../../shell/download';
import { toast, toastError } from '../../shell/toast';
import { campaignTabs } from './campaign-tabs';
import { clearErrors, downloadFrom, field, formError, input, showErrors } from './form-kit';
import { questionnaireAnswers } from './questionnaire-answers';
import { questionTree } from './question-tree';
import { scriptPreview } from './script-preview';
import { validityRulesEditor } from './validity-rules';

interface QuestionnaireDoc extends Omit<Questionnaire, 'code'> {
  _id: string;
  status: 'active' | 'archived';
  revision: number;
}

const enc = encodeURIComponent;
const dateValue = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10));
const dateMs = (v: string): number | undefined => (v ? Date.parse(`${v}T00:00:00Z`) : undefined);

function fromDoc(d: QuestionnaireDoc): Questionnaire {
  const { _id, status: _s, revision: _r, ...rest } = d;
  const keep = ['name', 'purpose', 'summary', 'provider', 'validFrom', 'validUntil', 'questions', 'validity'] as const;
  const q = { code: _id } as Questionnaire;
  for (const k of keep) if (rest[k] !== undefined && rest[k] !== null) (q as unknown as Record<string, unknown>)[k] = rest[k];
  // Questionnaires stored before the API dropped cleared keys carry `null` for "no next"; the form means absent.
  q.questions = JSON.parse(JSON.stringify(q.questions ?? [], (_k, v: unknown) => (v === null ? undefined : v))) as Question[];
  return q;
}

/** The body of a save: the questionnaire without its code (the path or the create body carries it). */
function fields(q: Questionnaire): Omit<Questionnaire, 'code'> {
  const { code: _c, ...rest } = q;
  return {
    ...rest,
    questions: q.questions.map((x) => ({ ...x, ...(x.type === 'open' ? { options: undefined } : {}) })),
  };
}

function nextId(q: Questionnaire): string {
  for (let n = q.questions.length + 1; ; n++) if (!q.questions.some((x) => x.id === `q${n}`)) return `q${n}`;
}

/** Editor for a questionnaire; `code` undefined starts a new one. */
export function questionnaireEditor(root: HTMLElement, code: string | undefined): void {
  let q: Questionnaire = { code: '', name: '', provider: { department: '', designer: '' }, questions: [] };
  let saved = false;
  let archived = false;
  const page = h('div.page');
  root.append(page);

  const header = h('form', { 'data-testid': 'questionnaire-header', onsubmit: (e: Event) => e.preventDefault() });
  const cards = h('div', { 'data-testid': 'question-cards' });
  const treeHost = h('div');
  const previewHost = h('div');
  const errorLine = formError();

  const drawTree = (): void => {
    treeHost.replaceChildren(questionTree(q, drawTree));
  };

  /** Index of the question whose handle is being dragged. */
  let dragging: number | undefined;
  const questionCard = (x: Question, i: number): HTMLElement => {
    const text = h('textarea', { rows: 2, 'data-q-text': x.id, style: 'width:100%' }, x.text);
    text.addEventListener('input', () => {
      x.text = text.value;
      drawTree();
    });
    const type = h('select', { 'data-q-type': x.id }, ...(['single', 'multiple', 'open'] as const).map((k) => h('option', { value: k, selected: x.type === k }, t(`questionnaires.type.${k}`))));
    type.addEventListener('change', () => {
      x.type = type.value as Question['type'];
      if (x.type === 'open') delete x.options;
      else x.options ??= [];
      if (x.type !== 'multiple') {
        delete x.minChoices;
        delete x.maxChoices;
      }
      draw();
    });
    const required = h('input', { type: 'checkbox', 'data-q-required': x.id, checked: x.required });
    required.addEventListener('change', () => (x.required = required.checked));
    const options = (x.options ?? []).map((o, j) => {
      const codeIn = h('input', { type: 'text', value: o.code, 'data-o-code': `${x.id}/${j}`, style: 'width:70px' });
      const textIn = h('input', { type: 'text', value: o.text, 'data-o-text': `${x.id}/${j}`, style: 'flex:1' });
      codeIn.addEventListener('change', () => {
        o.code = codeIn.value.trim();
        drawTree();
      });
      textIn.addEventListener('input', () => {
        o.text = textIn.value;
        drawTree();
      });
      return h(
        'div',
        { style: 'display:flex;gap:6px;margin:3px 0' },
        codeIn,
        textIn,
        h('button.btn.btn-small.btn-ghost', { type: 'button', title: t('questionnaires.removeOption'), onclick: () => (x.options!.splice(j, 1), draw()) }, '✕'),
      );
    });
    const limit = (key: 'minChoices' | 'maxChoices', labelKey: 'questionnaires.minChoices' | 'questionnaires.maxChoices'): HTMLElement => {
      const box = h('input', { type: 'number', min: key === 'minChoices' ? 0 : 1, value: x[key]?.toString() ?? '', 'data-q-limit': `${x.id}/${key}`, style: 'width:60px' });
      box.addEventListener('change', () => {
        if (box.value === '') delete x[key];
        else x[key] = Number(box.value);
      });
      return h('label', { style: 'display:inline-flex;gap:4px;align-items:center;margin-right:10px' }, t(labelKey), box);
    };
    const move = (delta: number): void => void reorder(i, i + delta);
    // Drag by the handle (not the card, so text in its inputs can still be selected) and drop on another card.
    const handle = h('span', { draggable: 'true', 'data-drag': x.id, title: t('questionnaires.drag'), style: 'cursor:grab;user-select:none;padding:0 4px' }, '⠿');
    handle.addEventListener('dragstart', (e) => {
      dragging = i;
      e.dataTransfer?.setData('text/plain', x.id);
    });
    handle.addEventListener('dragend', () => (dragging = undefined));
    const card = h(
      'div.card',
      { 'data-question': x.id, style: 'margin-bottom:8px;padding:10px 12px' },
      h(
        'div.toolbar',
        {},
        handle,
        h('strong', {}, `${x.number}.`),
        h('code.muted', {}, x.id),
        type,
        h('label', { style: 'display:inline-flex;gap:4px' }, required, t('questionnaires.required')),
        h('span.spacer'),
        h('button.btn.btn-small', { type: 'button', 'data-action': 'up', disabled: i === 0, title: t('questionnaires.up'), onclick: () => move(-1) }, '↑'),
        h('button.btn.btn-small', { type: 'button', 'data-action': 'down', disabled: i === q.questions.length - 1, title: t('questionnaires.down'), onclick: () => move(1) }, '↓'),
        h('button.btn.btn-small.btn-ghost', {
          type: 'button',
          'data-action': 'remove-question',
          onclick: () => {
            q.questions.splice(i, 1);
            draw();
          },
        }, t('questionnaires.removeQuestion')),
      ),
      text,
      x.type === 'open'
        ? null
        : h(
            'div',
            {},
            ...options,
            h('button.btn.btn-small', {
              type: 'button',
              'data-action': 'add-option',
              onclick: () => {
                (x.options ??= []).push({ code: String.fromCharCode(97 + x.options.length), text: '' });
                draw();
              },
            }, t('questionnaires.addOption')),
          ),
      x.type === 'multiple' ? h('div', { style: 'margin-top:4px' }, limit('minChoices', 'questionnaires.minChoices'), limit('maxChoices', 'questionnaires.maxChoices')) : null,
      h('small.form-error', { 'data-q-error': x.id, role: 'alert' }),
    );
    card.addEventListener('dragover', (e) => {
      if (dragging !== undefined) e.preventDefault();
    });
    card.addEventListener('drop', (e) => {
      const from = dragging;
      dragging = undefined;
      if (from === undefined || from === i) return;
      e.preventDefault();
      void reorder(from, i);
    });
    return card;
  };

  /** The answer-sheet validity rules of the questionnaire being edited (rebuilt with the header). */
  let rules: ReturnType<typeof validityRulesEditor> | undefined;
  const headerInputs = (): void => {
    const code = input('code', q.code, { disabled: saved });
    const name = input('name', q.name);
    const department = input('department', q.provider.department);
    const designer = input('designer', q.provider.designer);
    const purpose = input('purpose', q.purpose ?? '');
    const summary = h('textarea', { name: 'summary', rows: 2 }, q.summary ?? '');
    const from = input('validFrom', dateValue(q.validFrom), { type: 'date' });
    const until = input('validUntil', dateValue(q.validUntil), { type: 'date' });
    const sync = (): void => {
      if (!saved) q.code = code.value.trim();
      q.name = name.value;
      q.provider = { department: department.value, designer: designer.value };
      q.purpose = purpose.value || undefined;
      q.summary = summary.value || undefined;
      q.validFrom = dateMs(from.value);
      q.validUntil = dateMs(until.value);
    };
    header.oninput = sync;
    header.onchange = sync;
    const grid = (...els: HTMLElement[]): HTMLElement => h('div', { style: 'display:grid;grid-template-columns:repeat(4,1fr);gap:0 12px' }, ...els);
    rules = validityRulesEditor(q);
    header.replaceChildren(
      grid(field('code', t('questionnaires.code'), code), field('name', t('questionnaires.name'), name), field('provider', t('questionnaires.department'), department), field('designer', t('questionnaires.designer'), designer)),
      grid(field('purpose', t('questionnaires.purpose'), purpose), field('summary', t('questionnaires.summary'), summary), field('validFrom', t('questionnaires.validFrom'), from), field('validUntil', t('questionnaires.validUntil'), until)),
      rules.element,
      errorLine,
    );
  };

  const toolbar = (): HTMLElement =>
    h(
      'div.toolbar',
      { style: 'margin-bottom:10px' },
      h('h1.page-title', {}, saved ? `${q.code} · ${q.name}` : t('questionnaires.newTitle')),
      archived ? h('span.pill.pill-cancelled', { 'data-testid': 'archived' }, t('questionnaires.archived')) : null,
      h('span.spacer'),
      h('button.btn.btn-primary', { 'data-action': 'save-questionnaire', disabled: archived, onclick: () => void save() }, t('questionnaires.save')),
      h('button.btn', { 'data-action': 'preview', disabled: !saved && !q.code, onclick: () => void preview() }, t('questionnaires.preview')),
      h('button.btn', { 'data-action': 'answers', disabled: !saved, onclick: () => previewHost.replaceChildren(questionnaireAnswers(q.code, q.questions)) }, t('answers.open')),
      h('button.btn', { 'data-action': 'copy-questions', disabled: archived, onclick: () => void copyFrom() }, t('questionnaires.copyFrom')),
      h('button.btn', { 'data-action': 'export-json', disabled: !saved, onclick: () => void exportJson() }, t('questionnaires.exportJson')),
      h('button.btn', { 'data-action': 'export-csv', disabled: !saved, onclick: () => void downloadFrom(`/questionnaires/${enc(q.code)}/export/csv`, `${q.code}.csv`).catch(toastError) }, t('questionnaires.exportCsv')),
      h('button.btn.btn-danger', { 'data-action': 'archive', disabled: !saved || archived, onclick: () => void archive() }, t('questionnaires.archive')),
    );

  const toolbarHost = h('div');
  function draw(): void {
    toolbarHost.replaceChildren(toolbar());
    cards.replaceChildren(...q.questions.map(questionCard));
    drawTree();
  }

  const load = (d: QuestionnaireDoc): void => {
    q = fromDoc(d);
    saved = true;
    archived = d.status === 'archived';
    headerInputs();
    draw();
  };

  /** Problems naming a question go on its card; the rest beside the header fields. */
  const clearProblems = (): void => {
    clearErrors(header);
    cards.querySelectorAll<HTMLElement>('[data-q-error]').forEach((e) => (e.textContent = ''));
  };
  const showProblems = (err: unknown): void => {
    clearProblems();
    if (!(err instanceof ApiError)) return toastError(err);
    const rest = err.errors.filter((p) => {
      const byId = /^body\.questions\[([^\]]+)\]/.exec(p.field ?? '');
      const byIndex = /^body\.questions\.(\d+)/.exec(p.field ?? '');
      const id = byId?.[1] ?? (byIndex ? q.questions[Number(byIndex[1])]?.id : undefined);
      const slot = id ? cards.querySelector<HTMLElement>(`[data-q-error="${CSS.escape(id)}"]`) : null;
      if (!slot) return true;
      slot.textContent = [slot.textContent, p.message].filter(Boolean).join('\n');
      return false;
    });
    if (rest.length > 0 || err.errors.length === 0) showErrors(header, new ApiError(err.status, err.title, err.detail, rest));
  };

  const save = async (): Promise<boolean> => {
    if (archived) return saved;
    if (rules && !rules.check()) return false;
    try {
      const d = saved
        ? await api<QuestionnaireDoc>('PUT', `/questionnaires/${enc(q.code)}`, fields(q))
        : await api<QuestionnaireDoc>('POST', '/questionnaires', { code: q.code, ...fields(q) });
      const wasNew = !saved;
      load(d);
      clearProblems();
      toast(t('questionnaires.saved', { code: d._id }), 'success');
      if (wasNew) history.replaceState(null, '', `#/campaigns/questionnaires/${enc(d._id)}`);
      return true;
    } catch (err) {
      showProblems(err);
      return false;
    }
  };

  /** Moves the question at `from` to `to`: through the reorder route once saved, locally before. */
  const reorder = async (from: number, to: number): Promise<void> => {
    const ids = q.questions.map((x) => x.id);
    const [moved] = ids.splice(from, 1);
    ids.splice(to, 0, moved);
    if (!saved) {
      const [x] = q.questions.splice(from, 1);
      q.questions.splice(to, 0, x);
      q.questions.forEach((y, k) => (y.number = k + 1));
      return draw();
    }
    if (!(await save())) return;
    try {
      load(await api<QuestionnaireDoc>('POST', `/questionnaires/${enc(q.code)}/reorder`, { questionIds: ids }));
    } catch (err) {
      showProblems(err);
    }
  };

  const copyFrom = async (): Promise<void> => {
    if (!(await save())) return;
    try {
      const others = asList<QuestionnaireDoc>(await api('GET', '/questionnaires')).filter((d) => d._id !== q.code);
      const values = await askFor(t('questionnaires.copyTitle'), [
        { name: 'from', label: t('questionnaires.copySource'), required: true, options: others.map((d) => ({ value: d._id, label: `${d._id} · ${d.name}` })) },
        { name: 'ids', label: t('questionnaires.copyIds') },
      ]);
      if (!values) return;
      const questionIds = values.ids ? values.ids.split(/[,\s，]+/).filter(Boolean) : undefined;
      load(await api<QuestionnaireDoc>('POST', `/questionnaires/${enc(q.code)}/copy-questions`, { from: values.from, ...(questionIds ? { questionIds } : {}) }));
      toast(t('questionnaires.copied'), 'success');
    } catch (err) {
      showProblems(err);
    }
  };

  const exportJson = async (): Promise<void> => {
    try {
      const file = await api<unknown>('GET', `/questionnaires/${enc(q.code)}/export`);
      download(`${q.code}.questionnaire.json`, JSON.stringify(file, null, 2), 'application/json');
    } catch (err) {
      toastError(err);
    }
  };

  const archive = async (): Promise<void> => {
    const ok = await askFor(t('questionnaires.archiveConfirm', { code: q.code }), []);
    if (!ok) return;
    try {
      load(await api<QuestionnaireDoc>('POST', `/questionnaires/${enc(q.code)}/archive`, {}));
    } catch (err) {
      toastError(err);
    }
  };

  const preview = async (): Promise<void> => {
    if (!archived && !(await save())) return;
    previewHost.replaceChildren(scriptPreview(q.code));
  };

  page.append(
    campaignTabs('questionnaires'),
    toolbarHost,
    h('div.card', {}, header),
    h(
      'div',
      { style: 'display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px;margin-top:12px' },
      h(
        'div',
        {},
        h('h3', {}, t('questionnaires.questions')),
        cards,
        h('button.btn', {
          'data-action': 'add-question',
          onclick: () => {
            const number = Math.max(0, ...q.questions.map((x) => x.number)) + 1;
            q.questions.push({ id: nextId(q), number, text: '', type: 'single', required: true, options: [] });
            draw();
          },
        }, t('questionnaires.addQuestion')),
      ),
      h('div.card', {}, h('h3', {}, t('questionnaires.tree')), treeHost),
    ),
    previewHost,
  );
  headerInputs();
  draw();
  if (code) {
    api<QuestionnaireDoc>('GET', `/questionnaires/${enc(code)}`).then(load, toastError);
  }
}
