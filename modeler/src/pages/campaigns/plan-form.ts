/**
 * The plan creation form: code, name, description; targets by a customer query or an uploaded CSV
 * list (header `customerId[,priority]`); strategy; service scheme (questionnaire, BPMN flow, what
 * to do when service fails); priority, start and end, cycle, concurrency limit, extra conditions
 * (consent flags, customer segments, not contacted lately, a FEEL condition) and result
 * requirements. One POST /plans, so a plan never exists without its targets; a plan that has not
 * started opens in the same form to change its settings (PATCH /plans/:id). The API's problems
 * appear beside the fields they name.
 */
import { api, asList } from '../../api/client';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toast } from '../../shell/toast';
import { clearErrors, field, formError, input, showErrors, splitList } from './form-kit';

/** Reads `customerId[,priority]` rows (header row first; simple quoting); rows keep their order. */
export function parseTargetList(text: string): { customerId: string; priority?: number }[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
  const head = rows[0] ?? [];
  const idCol = head.findIndex((c) => c === 'customerId');
  const prioCol = head.findIndex((c) => c === 'priority');
  if (idCol < 0) return rows.map((r) => ({ customerId: r[0] }));
  return rows.slice(1).map((r) => ({ customerId: r[idCol] ?? '', ...(prioCol >= 0 && r[prioCol] ? { priority: Number(r[prioCol]) } : {}) }));
}

const localToIso = (v: string): string | undefined => (v ? new Date(v).toISOString() : undefined);

const CONSENTS = ['sms', 'email', 'voice', 'marketing'] as const;

/** A plan's extra conditions as the API keeps them (see api/plans conditionsSchema). */
export interface PlanConditions {
  consent?: string[];
  segments?: string[];
  notContactedWithinDays?: number;
  expression?: string;
}

/** The settings of a created plan the form can change. */
export interface EditablePlan {
  _id: string;
  name: string;
  description?: string;
  priority: number;
  concurrency: number;
  conditions?: PlanConditions;
  resultRequirements?: string[];
}

/**
 * The form; `onSaved` runs with the plan's id. Without `plan` it creates one; with `plan` (status
 * created) it changes that plan's settings, the fixed ones (code, strategy, targets, service, cycle,
 * start and end) left out.
 */
export function planForm(onSaved: (id: string) => void, plan?: EditablePlan): HTMLElement {
  const editing = plan !== undefined;
  const strategies = h('select', { name: 'strategyId' });
  const questionnaires = h('select', { name: 'questionnaireCode' }, h('option', { value: '' }, '—'));
  const processes = h('datalist', { id: 'tp-plan-processes' });
  void api<unknown>('GET', '/strategies')
    .then((r) => strategies.replaceChildren(...asList<{ strategyId: string; version: number; strategy: { name: string } }>(r).map((s) => h('option', { value: s.strategyId }, `${s.strategyId} · ${s.strategy.name} (v${s.version})`))))
    .catch(() => undefined);
  void api<unknown>('GET', '/questionnaires?status=active')
    .then((r) => questionnaires.append(...asList<{ _id: string; name: string }>(r).map((q) => h('option', { value: q._id }, `${q._id} · ${q.name}`))))
    .catch(() => undefined);
  void api<unknown>('GET', '/definitions')
    .then((r) => processes.append(...asList<{ processId?: string; id?: string }>(r).map((d) => h('option', { value: d.processId ?? d.id ?? '' }))))
    .catch(() => undefined);

  const cond = plan?.conditions ?? {};
  const el = {
    code: input('code', plan?._id ?? '', editing ? { readonly: true } : {}),
    name: input('name', plan?.name ?? ''),
    description: h('textarea', { name: 'description', rows: 2 }, plan?.description ?? ''),
    targetKind: h('select', { name: 'targetKind' }, h('option', { value: 'query' }, t('planForm.byQuery')), h('option', { value: 'csv' }, t('planForm.byCsv'))),
    segment: input('segment', '', { placeholder: t('planForm.segment') }),
    consent: h('select', { name: 'consent' }, h('option', { value: '' }, t('planForm.anyConsent')), ...['sms', 'email', 'voice', 'marketing'].map((c) => h('option', { value: c }, c))),
    limit: input('limit', '', { type: 'number', min: 1, placeholder: t('planForm.limit') }),
    csvFile: h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'plan-csv' }),
    processId: input('processId', '', { list: 'tp-plan-processes' }),
    onFailure: h('select', { name: 'onFailure' }, ...['none', 'follow-up', 'complaint'].map((v) => h('option', { value: v }, t(`planForm.onFailure.${v}` as 'planForm.onFailure.none')))),
    priority: input('priority', String(plan?.priority ?? 0), { type: 'number', min: 0, max: 100 }),
    startAt: input('startAt', '', { type: 'datetime-local' }),
    endAt: input('endAt', '', { type: 'datetime-local' }),
    cycle: h('select', { name: 'cycleKind' }, h('option', { value: 'once' }, t('planForm.once')), h('option', { value: 'recurring' }, t('planForm.recurring'))),
    every: input('every', '', { placeholder: t('planForm.everyHint') }),
    concurrency: input('concurrency', String(plan?.concurrency ?? 10), { type: 'number', min: 1 }),
    expression: input('expression', cond.expression ?? '', { placeholder: 'customer.segment = "gold"' }),
    notContacted: input('notContactedWithinDays', cond.notContactedWithinDays === undefined ? '' : String(cond.notContactedWithinDays), { type: 'number', min: 1, max: 3650 }),
    segments: input('segments', (cond.segments ?? []).join(', '), { placeholder: t('planForm.segmentsHint') }),
    conditionConsent: CONSENTS.map((c) => h('input', { type: 'checkbox', name: 'conditionConsent', value: c, checked: (cond.consent ?? []).includes(c) })),
    results: h('textarea', { name: 'resultRequirements', rows: 2, placeholder: t('planForm.resultsHint') }, (plan?.resultRequirements ?? []).join('\n')),
  };
  const consentBox = h('div', { 'data-testid': 'condition-consent', style: 'display:flex;gap:12px' }, ...el.conditionConsent.map((box) => h('label', {}, box, ' ', box.value)));
  const queryBox = h('div', { style: 'display:flex;gap:8px' }, el.segment, el.consent, el.limit);
  const csvBox = h('div', { style: 'display:none' }, el.csvFile);
  el.targetKind.addEventListener('change', () => {
    queryBox.style.display = el.targetKind.value === 'query' ? 'flex' : 'none';
    csvBox.style.display = el.targetKind.value === 'csv' ? 'block' : 'none';
  });

  const grid = (...cells: (HTMLElement | null)[]): HTMLElement => {
    const els = cells.filter((c): c is HTMLElement => c !== null);
    return h('div', { style: `display:grid;grid-template-columns:repeat(${els.length},1fr);gap:0 12px` }, ...els);
  };
  /** An error line for one condition (`conditions.segments`): the API names conditions field by field. */
  const conditionField = (name: keyof PlanConditions, label: string, control: HTMLElement, hint?: string): HTMLElement => field(`conditions.${name}`, label, control, hint);
  const conditionsBox = h(
    'fieldset',
    { 'data-testid': 'plan-conditions', style: 'border:1px solid #dde2ea;border-radius:6px;padding:6px 12px;margin:8px 0' },
    h('legend', {}, t('planForm.conditionsTitle')),
    h('small.muted', {}, t('planForm.conditionsIntro')),
    grid(conditionField('consent', t('planForm.consent'), consentBox, t('planForm.consentHint')), conditionField('segments', t('planForm.segments'), el.segments, t('planForm.segmentsHelp'))),
    grid(conditionField('notContactedWithinDays', t('planForm.notContacted'), el.notContacted, t('planForm.notContactedHint')), conditionField('expression', t('planForm.conditions'), el.expression, t('planForm.conditionsHint'))),
    h('small.form-error', { 'data-error-for': 'conditions', role: 'alert' }),
  );
  const form: HTMLFormElement = h(
    'form',
    {
      'data-testid': 'plan-form',
      'data-mode': editing ? 'edit' : 'create',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit();
      },
    },
    h('h2', {}, editing ? t('planForm.editTitle', { id: plan._id }) : t('planForm.title')),
    grid(field('code', t('planForm.code'), el.code), field('name', t('planForm.name'), el.name), editing ? null : field('strategyId', t('planForm.strategy'), strategies)),
    field('description', t('planForm.description'), el.description),
    editing ? null : field('targets', t('planForm.targets'), h('div', {}, el.targetKind, queryBox, csvBox)),
    editing ? null : grid(field('service', t('planForm.questionnaire'), questionnaires), field('processId', t('planForm.process'), h('div', {}, el.processId, processes)), field('onFailure', t('planForm.onFailure'), el.onFailure)),
    editing ? grid(field('priority', t('planForm.priority'), el.priority), field('concurrency', t('planForm.concurrency'), el.concurrency)) : grid(field('priority', t('planForm.priority'), el.priority), field('startAt', t('planForm.startAt'), el.startAt), field('endAt', t('planForm.endAt'), el.endAt)),
    editing ? null : grid(field('cycle', t('planForm.cycle'), h('div', { style: 'display:flex;gap:6px' }, el.cycle, el.every)), field('concurrency', t('planForm.concurrency'), el.concurrency)),
    conditionsBox,
    field('resultRequirements', t('planForm.results'), el.results),
    formError(),
    h('button.btn.btn-primary', { type: 'submit', 'data-action': editing ? 'save-plan' : 'create-plan' }, editing ? t('planForm.save') : t('planForm.create')),
  );

  /** The conditions as entered, or the problems found before asking the API (shown beside their field). */
  const readConditions = (): { conditions: PlanConditions; problems: [keyof PlanConditions, string][] } => {
    const conditions: PlanConditions = {};
    const problems: [keyof PlanConditions, string][] = [];
    const consent = el.conditionConsent.filter((b) => b.checked).map((b) => b.value);
    if (consent.length) conditions.consent = consent;
    const segments = splitList(el.segments.value);
    if (segments.length > 50) problems.push(['segments', t('planForm.segmentsTooMany')]);
    else if (segments.some((x) => x.length > 64)) problems.push(['segments', t('planForm.segmentTooLong')]);
    else if (segments.length) conditions.segments = [...new Set(segments)];
    const days = el.notContacted.value.trim();
    if (days) {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 1 || n > 3650) problems.push(['notContactedWithinDays', t('planForm.notContactedBad')]);
      else conditions.notContactedWithinDays = n;
    }
    if (el.expression.value.trim()) conditions.expression = el.expression.value.trim();
    return { conditions, problems };
  };

  const submit = async (): Promise<void> => {
    clearErrors(form);
    const { conditions, problems } = readConditions();
    if (problems.length) {
      for (const [name, message] of problems) {
        const slot = form.querySelector<HTMLElement>(`[data-error-for="conditions.${name}"]`);
        if (slot) slot.textContent = message;
      }
      return;
    }
    const hasConditions = Object.keys(conditions).length > 0;
    try {
      if (plan) {
        const body = {
          name: el.name.value.trim(),
          description: el.description.value.trim(),
          priority: Number(el.priority.value || 0),
          concurrency: Number(el.concurrency.value),
          resultRequirements: splitList(el.results.value),
          // An emptied conditions box removes the conditions the plan had.
          ...(hasConditions ? { conditions } : plan.conditions ? { conditions: null } : {}),
        };
        await api('PATCH', `/plans/${encodeURIComponent(plan._id)}`, body);
        toast(t('planForm.saved', { id: plan._id }), 'success');
        onSaved(plan._id);
        return;
      }
      let targets: Record<string, unknown>;
      if (el.targetKind.value === 'csv') {
        const file = el.csvFile.files?.[0];
        targets = { customers: file ? parseTargetList(await file.text()) : [] };
      } else {
        targets = { query: { ...(el.segment.value.trim() ? { segment: el.segment.value.trim() } : {}), ...(el.consent.value ? { consent: el.consent.value } : {}), ...(el.limit.value ? { limit: Number(el.limit.value) } : {}) } };
      }
      const every = el.every.value.trim();
      const body = {
        code: el.code.value.trim(),
        name: el.name.value.trim(),
        ...(el.description.value.trim() ? { description: el.description.value.trim() } : {}),
        strategyId: strategies.value,
        service: {
          ...(questionnaires.value ? { questionnaireCode: questionnaires.value } : {}),
          ...(el.processId.value.trim() ? { processId: el.processId.value.trim() } : {}),
          onFailure: el.onFailure.value,
        },
        priority: Number(el.priority.value || 0),
        ...(localToIso(el.startAt.value) ? { startAt: localToIso(el.startAt.value) } : {}),
        ...(localToIso(el.endAt.value) ? { endAt: localToIso(el.endAt.value) } : {}),
        cycle: el.cycle.value === 'once' ? { kind: 'once' } : /\s/.test(every) ? { kind: 'recurring', cron: every } : { kind: 'recurring', every },
        ...(hasConditions ? { conditions } : {}),
        concurrency: Number(el.concurrency.value),
        resultRequirements: splitList(el.results.value),
        targets,
      };
      const created = await api<{ _id: string; targets: number }>('POST', '/plans', body);
      toast(t('planForm.created', { id: created._id, targets: created.targets }), 'success');
      onSaved(created._id);
    } catch (err) {
      showErrors(form, err);
    }
  };
  return form;
}
