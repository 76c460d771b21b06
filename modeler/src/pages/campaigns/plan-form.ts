/**
 * The plan creation form: code, name, description; targets by a customer query or an uploaded CSV
 * list (header `customerId[,priority]`); strategy; service scheme (questionnaire, BPMN flow, what
 * to do when service fails); priority, start and end, cycle, concurrency limit, extra conditions
 * and result requirements. One POST /plans, so a plan never exists without its targets; the API's
 * problems appear beside the fields they name.
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

/** The form; `onCreated` runs with the new plan's id. */
export function planForm(onCreated: (id: string) => void): HTMLElement {
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

  const el = {
    code: input('code'),
    name: input('name'),
    description: h('textarea', { name: 'description', rows: 2 }),
    targetKind: h('select', { name: 'targetKind' }, h('option', { value: 'query' }, t('planForm.byQuery')), h('option', { value: 'csv' }, t('planForm.byCsv'))),
    segment: input('segment', '', { placeholder: t('planForm.segment') }),
    consent: h('select', { name: 'consent' }, h('option', { value: '' }, t('planForm.anyConsent')), ...['sms', 'email', 'voice', 'marketing'].map((c) => h('option', { value: c }, c))),
    limit: input('limit', '', { type: 'number', min: 1, placeholder: t('planForm.limit') }),
    csvFile: h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'plan-csv' }),
    processId: input('processId', '', { list: 'tp-plan-processes' }),
    onFailure: h('select', { name: 'onFailure' }, ...['none', 'follow-up', 'complaint'].map((v) => h('option', { value: v }, t(`planForm.onFailure.${v}` as 'planForm.onFailure.none')))),
    priority: input('priority', '0', { type: 'number', min: 0, max: 100 }),
    startAt: input('startAt', '', { type: 'datetime-local' }),
    endAt: input('endAt', '', { type: 'datetime-local' }),
    cycle: h('select', { name: 'cycleKind' }, h('option', { value: 'once' }, t('planForm.once')), h('option', { value: 'recurring' }, t('planForm.recurring'))),
    every: input('every', '', { placeholder: t('planForm.everyHint') }),
    concurrency: input('concurrency', '10', { type: 'number', min: 1 }),
    expression: input('expression', '', { placeholder: 'age >= 18' }),
    notContacted: input('notContactedWithinDays', '', { type: 'number', min: 1 }),
    results: h('textarea', { name: 'resultRequirements', rows: 2, placeholder: t('planForm.resultsHint') }),
  };
  const queryBox = h('div', { style: 'display:flex;gap:8px' }, el.segment, el.consent, el.limit);
  const csvBox = h('div', { style: 'display:none' }, el.csvFile);
  el.targetKind.addEventListener('change', () => {
    queryBox.style.display = el.targetKind.value === 'query' ? 'flex' : 'none';
    csvBox.style.display = el.targetKind.value === 'csv' ? 'block' : 'none';
  });

  const grid = (...els: HTMLElement[]): HTMLElement => h('div', { style: `display:grid;grid-template-columns:repeat(${els.length},1fr);gap:0 12px` }, ...els);
  const form: HTMLFormElement = h(
    'form',
    {
      'data-testid': 'plan-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit();
      },
    },
    h('h2', {}, t('planForm.title')),
    grid(field('code', t('planForm.code'), el.code), field('name', t('planForm.name'), el.name), field('strategyId', t('planForm.strategy'), strategies)),
    field('description', t('planForm.description'), el.description),
    field('targets', t('planForm.targets'), h('div', {}, el.targetKind, queryBox, csvBox)),
    grid(field('service', t('planForm.questionnaire'), questionnaires), field('processId', t('planForm.process'), h('div', {}, el.processId, processes)), field('onFailure', t('planForm.onFailure'), el.onFailure)),
    grid(field('priority', t('planForm.priority'), el.priority), field('startAt', t('planForm.startAt'), el.startAt), field('endAt', t('planForm.endAt'), el.endAt)),
    grid(field('cycle', t('planForm.cycle'), h('div', { style: 'display:flex;gap:6px' }, el.cycle, el.every)), field('concurrency', t('planForm.concurrency'), el.concurrency)),
    grid(field('conditions', t('planForm.conditions'), el.expression, t('planForm.conditionsHint')), field('notContactedWithinDays', t('planForm.notContacted'), el.notContacted)),
    field('resultRequirements', t('planForm.results'), el.results),
    formError(),
    h('button.btn.btn-primary', { type: 'submit', 'data-action': 'create-plan' }, t('planForm.create')),
  );

  const submit = async (): Promise<void> => {
    clearErrors(form);
    try {
      let targets: Record<string, unknown>;
      if (el.targetKind.value === 'csv') {
        const file = el.csvFile.files?.[0];
        targets = { customers: file ? parseTargetList(await file.text()) : [] };
      } else {
        targets = { query: { ...(el.segment.value.trim() ? { segment: el.segment.value.trim() } : {}), ...(el.consent.value ? { consent: el.consent.value } : {}), ...(el.limit.value ? { limit: Number(el.limit.value) } : {}) } };
      }
      const conditions = { ...(el.expression.value.trim() ? { expression: el.expression.value.trim() } : {}), ...(el.notContacted.value ? { notContactedWithinDays: Number(el.notContacted.value) } : {}) };
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
        ...(Object.keys(conditions).length ? { conditions } : {}),
        concurrency: Number(el.concurrency.value),
        resultRequirements: splitList(el.results.value),
        targets,
      };
      const plan = await api<{ _id: string; targets: number }>('POST', '/plans', body);
      toast(t('planForm.created', { id: plan._id, targets: plan.targets }), 'success');
      onCreated(plan._id);
    } catch (err) {
      showErrors(form, err);
    }
  };
  return form;
}
