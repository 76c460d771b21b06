/**
 * One complaint: its facts, SLA clocks, timeline and replies; for agents, operators and admins the
 * reply form (or a question to the customer) while the complaint is assigned, the customer's answer
 * while it waits for them, the customer's rating once replied, and reopening once closed. Auditors and process owners see no write
 * buttons (the API refuses them anyway). While the process is moving on its own (intake,
 * classification, reopening) and after each action, the page re-reads the record until it changed; otherwise
 * it stays live (shell/live-poll: backoff, an early read at the next SLA warning or deadline, asleep
 * while the tab is hidden), keeping a half-written form as it is.
 */
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { askFor } from '../../shell/dialog';
import { livePoll, type PollResult } from '../../shell/live-poll';
import { toast, toastError } from '../../shell/toast';
import { clearErrors, field, formError, showErrors } from '../campaigns/form-kit';
import { canHandle, complaintTabs, label, slaBadge, statusPill } from './complaint-badges';
import { classification, clocksView, timelineView } from './complaint-clocks';
import { KINDS, PRIORITIES, type ComplaintDetail } from './complaint-types';

/** States the process leaves by itself, shortly (a survey answer closes or reopens): the page watches them. */
const MOVING = new Set(['received', 'classified', 'surveyed', 'reopened']);
const ANSWERED = new Set(['replied', 'surveyed', 'closed']);

/**
 * Whether the record is still catching up with the process: a state it leaves by itself, or an
 * answered complaint whose clocks the SLA workflow has not stopped yet (it writes them just after).
 */
function settling(d: ComplaintDetail): boolean {
  if (MOVING.has(d.status)) return true;
  const current = d.clocks.filter((c) => c.round === d.round && !c.stoppedAt);
  if (ANSWERED.has(d.status) && current.some((c) => c.name === 'reply')) return true;
  return d.status === 'closed' && current.length > 0;
}

/** The record without what changes on every read (the business time left, counted at request time). */
const significant = (d: ComplaintDetail): string => JSON.stringify(d, (key, value: unknown) => (key === 'remainingBusinessMs' ? undefined : value));

/** The next warning or deadline of a running clock: the page reads again right after it, so the badge turns on time. */
function nextInstant(d: ComplaintDetail): number | undefined {
  const now = Date.now();
  const instants = d.clocks
    .filter((c) => c.round === d.round && !c.stoppedAt && !c.pausedAt)
    .flatMap((c) => [Date.parse(c.warnAt), Date.parse(c.dueAt)])
    .filter((at) => at > now);
  return instants.length ? Math.min(...instants) : undefined;
}

function facts(d: ComplaintDetail): HTMLElement {
  const rows: [string, Node | string][] = [
    [t('complaints.col.customer'), d.customerId],
    [t('complaints.col.channel'), `${label('complaints.channel', d.channel)}${d.replyChannel !== d.channel ? ` → ${label('complaints.channel', d.replyChannel)}` : ''}`],
    [t('complaints.replyTo'), d.replyTo],
    [t('complaints.col.classification'), classification(d)],
    [t('complaints.col.department'), d.department ?? ''],
    [t('complaints.col.owner'), d.owner ?? ''],
    [t('complaints.round'), String(d.round)],
    [t('complaints.col.received'), formatDate(d.receivedAt)],
  ];
  if (d.ruleResult && (d.overrides?.length ?? 0) > 0) rows.splice(4, 0, [t('complaints.ruleResult'), h('span', { 'data-testid': 'rule-result' }, classification(d.ruleResult))]);
  if (d.business) rows.splice(4, 0, [t('complaints.field.business'), d.business]);
  if (d.reopenUntil) rows.push([t('complaints.reopenUntil'), formatDate(d.reopenUntil)]);
  if (d.satisfaction) {
    const s = d.satisfaction;
    rows.push([t('complaints.satisfaction'), `${t(s.satisfied ? 'complaints.satisfied' : 'complaints.dissatisfied', { score: s.score })}${s.comment ? ` · ${s.comment}` : ''}`]);
  }
  if (d.subject) rows.push([t('complaints.field.subject'), d.subject]);
  rows.push([t('complaints.message'), h('span', { style: 'white-space:pre-wrap' }, d.text)]);
  return h('dl.kv', { 'data-testid': 'complaint-facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function replies(d: ComplaintDetail): HTMLElement | null {
  if (d.replies.length === 0) return null;
  return h(
    'div.card',
    { 'data-testid': 'complaint-replies' },
    h('h2', {}, t('complaints.replies')),
    ...d.replies.map((r) => h('div', { style: 'margin-bottom:8px' }, h('div.muted', {}, `${formatDate(r.at)} · ${label('complaints.channel', r.channel)} → ${r.to}${r.by ? ` · ${r.by}` : ''}`), h('div', { style: 'white-space:pre-wrap' }, r.body))),
  );
}

export function complaintDetailPage(root: HTMLElement, params: Record<string, string>): () => void {
  const id = params.id;
  const path = `/complaints/${encodeURIComponent(id)}`;
  const content = h('div', { 'data-testid': 'complaint-detail' }, h('p.muted', {}, t('common.loading')));
  let timer: number | undefined;
  let left = false;
  let shown: ComplaintDetail | undefined;
  /** The open form (reply, customer answer, rating) per status and round: a live re-render keeps what the agent typed. */
  let form: { key: string; el: HTMLElement } | undefined;

  /** Reads the complaint and redraws it when it changed; says when the next read is worth doing early. */
  const refresh = async (): Promise<PollResult> => {
    let d: ComplaintDetail;
    try {
      d = await api<ComplaintDetail>('GET', path);
    } catch (err) {
      if (!left && !shown) content.replaceChildren(h('p.form-error', {}, `${t('common.error')}: ${err instanceof Error ? err.message : String(err)}`));
      throw err;
    }
    if (left) return { changed: false };
    // The business time left moves on every read: it is redrawn, but only a real change (status,
    // SLA state, a new event) counts as one, so the reads back off while the complaint is quiet.
    const changed = !shown || significant(shown) !== significant(d);
    if (changed || JSON.stringify(shown) !== JSON.stringify(d)) {
      shown = d;
      content.replaceChildren(view(d));
    }
    return { changed, wakeAt: settling(d) ? Date.now() : nextInstant(d) };
  };

  /** Re-reads the complaint; when `until` is given, keeps re-reading (1 s apart, 60 times at most) until it holds. */
  const load = async (until?: (d: ComplaintDetail) => boolean, tries = 60): Promise<void> => {
    window.clearTimeout(timer);
    if (left) return;
    try {
      await refresh();
    } catch {
      return;
    }
    if (until && shown && !until(shown) && tries > 1 && !left) timer = window.setTimeout(() => void load(until, tries - 1), 1000);
  };
  const live = livePoll(refresh, { minMs: 2000, maxMs: 20_000 });

  /** Runs a write, then watches the record until its status (or round) moved on. */
  const act = async (call: () => Promise<unknown>, done: string, before: ComplaintDetail): Promise<boolean> => {
    try {
      await call();
    } catch (err) {
      toastError(err);
      return false;
    }
    toast(done, 'success');
    await load((d) => d.status !== before.status || d.round !== before.round);
    return true;
  };

  /**
   * The agent's reply (or question), with the classification pre-filled as it stands (the rules'
   * result unless an agent changed it); an override field is sent only when the agent changed it.
   * Problems the API names (`body.overridePriority`, …) appear beside their field.
   */
  const replyForm = (d: ComplaintDetail): HTMLElement => {
    const text = h('textarea', { name: 'replyText', rows: 4, maxlength: 10000 });
    const ask = h('input', { type: 'checkbox', name: 'needCustomerInfo' });
    const question = h('textarea', { name: 'question', rows: 2, maxlength: 2000 });
    const questionRow = field('question', t('complaints.reply.question'), question);
    questionRow.hidden = true;
    const textRow = field('replyText', t('complaints.reply.text'), text);
    const options = (values: readonly string[], prefix: string, current: string | undefined): HTMLElement[] => [
      ...(current && !values.includes(current) ? [h('option', { value: current, selected: true }, current)] : []),
      ...values.map((v) => h('option', { value: v, selected: v === current }, label(prefix, v))),
    ];
    const kind = h('select', { name: 'overrideKind' }, ...(d.kind ? [] : [h('option', { value: '' }, '—')]), ...options(KINDS, 'complaints.kind', d.kind));
    const category = h('input', { name: 'overrideCategory', maxlength: 60, value: d.category ?? '' });
    const priority = h('select', { name: 'overridePriority' }, ...(d.priority ? [] : [h('option', { value: '' }, '—')]), ...options(PRIORITIES, 'complaints.priority', d.priority));
    const send = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'send-reply' }, t('complaints.reply.send'));
    ask.addEventListener('change', () => {
      questionRow.hidden = !ask.checked;
      textRow.hidden = ask.checked;
    });
    const form: HTMLFormElement = h(
      'form.card',
      {
        'data-testid': 'reply-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          clearErrors(form);
          const body: Record<string, unknown> = ask.checked ? { needCustomerInfo: true, question: question.value.trim() } : { replyText: text.value.trim() };
          const slot = (name: string, message: string): void => {
            const el = form.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
            if (el) el.textContent = message;
          };
          let bad = false;
          if (ask.checked ? !body.question : !body.replyText) {
            slot(ask.checked ? 'question' : 'replyText', t('complaints.required', { field: t(ask.checked ? 'complaints.reply.question' : 'complaints.reply.text') }));
            bad = true;
          }
          const cat = category.value.trim();
          // An emptied category is refused here; any other value is the API's to judge (its 400 names the field).
          if (!cat && d.category) {
            slot('overrideCategory', t('complaints.required', { field: t('complaints.override.category') }));
            bad = true;
          }
          if (bad) return;
          if (kind.value && kind.value !== (d.kind ?? '')) body.overrideKind = kind.value;
          if (cat !== (d.category ?? '')) body.overrideCategory = cat;
          if (priority.value && priority.value !== (d.priority ?? '')) body.overridePriority = priority.value;
          send.disabled = true;
          void (async () => {
            try {
              await api('POST', `${path}/reply`, body);
            } catch (err) {
              showErrors(form, err);
              send.disabled = false;
              return;
            }
            toast(t(ask.checked ? 'complaints.reply.asked' : 'complaints.reply.sent'), 'success');
            await load((x) => x.status !== d.status || x.round !== d.round);
          })();
        },
      },
      h('h2', {}, t('complaints.reply')),
      textRow,
      h('label', {}, ask, ' ', t('complaints.reply.ask')),
      questionRow,
      h(
        'fieldset.override',
        { 'data-testid': 'override-fields', style: 'border:1px solid #dde2ea;border-radius:6px;padding:6px 10px;margin:8px 0' },
        h('legend', {}, t('complaints.override')),
        h('small.muted', {}, t('complaints.override.hint')),
        h(
          'div',
          { style: 'display:grid;grid-template-columns:repeat(3,1fr);gap:0 10px' },
          field('overrideKind', t('complaints.override.kind'), kind),
          field('overrideCategory', t('complaints.override.category'), category),
          field('overridePriority', t('complaints.override.priority'), priority),
        ),
      ),
      formError(),
      h('div.dialog-actions', {}, send),
    );
    return form;
  };

  const customerInfoForm = (d: ComplaintDetail): HTMLElement => {
    const text = h('textarea', { name: 'customerText', rows: 3, maxlength: 10000, required: true });
    const send = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'customer-info' }, t('complaints.customerInfo.record'));
    return h(
      'form.card',
      {
        'data-testid': 'customer-info-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!text.value.trim()) return;
          send.disabled = true;
          void act(() => api('POST', `${path}/customer-info`, { text: text.value.trim() }), t('complaints.customerInfo.done'), d).then((ok) => {
            send.disabled = ok;
          });
        },
      },
      h('h2', {}, t('complaints.customerInfo')),
      h('label.field', {}, h('span', {}, t('complaints.customerInfo.text')), text),
      h('div.dialog-actions', {}, send),
    );
  };

  /** The customer's rating taken by an agent (e.g. on a follow-up call): 3 and above closes, below reopens. */
  const surveyForm = (d: ComplaintDetail): HTMLElement => {
    const score = h('select', { name: 'score' }, ...[5, 4, 3, 2, 1].map((n) => h('option', { value: n }, String(n))));
    const comment = h('input', { name: 'comment', maxlength: 2000 });
    const send = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'record-survey' }, t('complaints.survey.record'));
    return h(
      'form.card',
      {
        'data-testid': 'survey-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          send.disabled = true;
          const body = comment.value.trim() ? { score: Number(score.value), comment: comment.value.trim() } : { score: Number(score.value) };
          void act(() => api('POST', `${path}/survey`, body), t('complaints.survey.done'), d).then((ok) => {
            send.disabled = ok;
          });
        },
      },
      h('h2', {}, t('complaints.survey')),
      h('label.field', {}, h('span', {}, t('complaints.survey.score')), score),
      h('label.field', {}, h('span', {}, t('complaints.survey.comment')), comment),
      h('div.dialog-actions', {}, send),
    );
  };

  const reopenButton = (d: ComplaintDetail): HTMLElement =>
    h(
      'button.btn',
      {
        type: 'button',
        'data-action': 'reopen',
        onclick: () =>
          void askFor(t('complaints.reopen'), [{ name: 'reason', label: t('complaints.reopen.reason'), required: true, multiline: true }], t('complaints.reopen')).then((values) =>
            values ? act(() => api('POST', `${path}/reopen`, { reason: values.reason }), t('complaints.reopen.done'), d) : undefined,
          ),
      },
      t('complaints.reopen'),
    );

  const openForm = (d: ComplaintDetail): HTMLElement | null => {
    const make = d.status === 'assigned' ? replyForm : d.status === 'waiting-customer' ? customerInfoForm : d.status === 'replied' ? surveyForm : undefined;
    if (!make) {
      form = undefined;
      return null;
    }
    const key = `${d.status}:${d.round}`;
    if (form?.key !== key) form = { key, el: make(d) };
    return form.el;
  };

  const view = (d: ComplaintDetail): HTMLElement => {
    const write = canHandle();
    const reopenable = write && d.status === 'closed' && !!d.reopenUntil && Date.parse(d.reopenUntil) > Date.now();
    return h(
      'div',
      {},
      h(
        'div.toolbar',
        {},
        h('h1.page-title', {}, t('complaints.detail', { id: d.id })),
        statusPill(d.status),
        slaBadge(d.slaState),
        h('span.spacer'),
        reopenable ? reopenButton(d) : null,
        h('a.btn.btn-ghost', { href: `#/cases/${encodeURIComponent(d.id)}` }, t('complaints.openCase')),
      ),
      write ? null : h('p.muted', { 'data-testid': 'read-only' }, t('complaints.readOnly')),
      h(
        'div',
        { style: 'display:grid;grid-template-columns:minmax(320px,1fr) minmax(420px,1.4fr);gap:16px;align-items:start' },
        h('div', {}, h('div.card', {}, facts(d)), write ? openForm(d) : null, replies(d)),
        h('div', {}, h('div.card', {}, h('h2', {}, t('complaints.clocks')), clocksView(d)), h('div.card', {}, h('h2', {}, t('complaints.timeline')), timelineView(d))),
      ),
    );
  };

  root.append(
    h(
      'div.page',
      {},
      h('div.toolbar', {}, h('span.spacer'), h('small.muted', { 'data-testid': 'live' }, t('complaints.live')), complaintTabs('list'), h('button.btn', { onclick: () => live.now() }, t('common.refresh'))),
      content,
    ),
  );
  live.now();
  return () => {
    left = true;
    window.clearTimeout(timer);
    live.stop();
  };
}
