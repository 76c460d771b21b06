/**
 * One complaint: its facts, SLA clocks, timeline and replies; for agents, operators and admins the
 * reply form (or a question to the customer) while the complaint is assigned, the customer's answer
 * while it waits for them, the customer's rating once replied, and reopening once closed. Auditors and process owners see no write
 * buttons (the API refuses them anyway). While the process is moving on its own (intake,
 * classification, reopening) and after each action, the page re-reads the record until it changed.
 */
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { askFor } from '../../shell/dialog';
import { toast, toastError } from '../../shell/toast';
import { canHandle, complaintTabs, label, slaBadge, statusPill } from './complaint-badges';
import { clocksView, timelineView } from './complaint-clocks';
import type { ComplaintDetail } from './complaint-types';

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

function facts(d: ComplaintDetail): HTMLElement {
  const rows: [string, Node | string][] = [
    [t('complaints.col.customer'), d.customerId],
    [t('complaints.col.channel'), `${label('complaints.channel', d.channel)}${d.replyChannel !== d.channel ? ` → ${label('complaints.channel', d.replyChannel)}` : ''}`],
    [t('complaints.replyTo'), d.replyTo],
    [t('complaints.col.classification'), [label('complaints.kind', d.kind), d.category, d.priority].filter(Boolean).join(' / ')],
    [t('complaints.col.department'), d.department ?? ''],
    [t('complaints.col.owner'), d.owner ?? ''],
    [t('complaints.round'), String(d.round)],
    [t('complaints.col.received'), formatDate(d.receivedAt)],
  ];
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

  /** Re-reads the complaint; when `until` is given, keeps re-reading (1 s apart, 60 times at most) until it holds. */
  const load = async (until?: (d: ComplaintDetail) => boolean, tries = 60): Promise<void> => {
    window.clearTimeout(timer);
    if (left) return;
    let d: ComplaintDetail;
    try {
      d = await api<ComplaintDetail>('GET', path);
    } catch (err) {
      content.replaceChildren(h('p.form-error', {}, `${t('common.error')}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (left) return;
    const changed = !shown || JSON.stringify(shown) !== JSON.stringify(d);
    if (changed) {
      shown = d;
      content.replaceChildren(view(d));
    }
    if (until && !until(d) && tries > 1) timer = window.setTimeout(() => void load(until, tries - 1), 1000);
    else if (settling(d)) timer = window.setTimeout(() => void load(), 2000);
  };

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

  const replyForm = (d: ComplaintDetail): HTMLElement => {
    const text = h('textarea', { name: 'replyText', rows: 4, maxlength: 10000 });
    const ask = h('input', { type: 'checkbox', name: 'needCustomerInfo' });
    const question = h('textarea', { name: 'question', rows: 2, maxlength: 2000 });
    const questionRow = h('label.field', { hidden: true }, h('span', {}, t('complaints.reply.question')), question);
    const textRow = h('label.field', {}, h('span', {}, t('complaints.reply.text')), text);
    const error = h('p.form-error', { role: 'alert' });
    const send = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'send-reply' }, t('complaints.reply.send'));
    ask.addEventListener('change', () => {
      questionRow.hidden = !ask.checked;
      textRow.hidden = ask.checked;
    });
    return h(
      'form.card',
      {
        'data-testid': 'reply-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const body = ask.checked ? { needCustomerInfo: true, question: question.value.trim() } : { replyText: text.value.trim() };
          const missing = ask.checked ? (body.question ? undefined : t('complaints.reply.question')) : body.replyText ? undefined : t('complaints.reply.text');
          if (missing) {
            error.textContent = t('complaints.required', { field: missing });
            return;
          }
          send.disabled = true;
          void act(() => api('POST', `${path}/reply`, body), t(ask.checked ? 'complaints.reply.asked' : 'complaints.reply.sent'), d).then((ok) => {
            send.disabled = ok;
          });
        },
      },
      h('h2', {}, t('complaints.reply')),
      textRow,
      h('label', {}, ask, ' ', t('complaints.reply.ask')),
      questionRow,
      error,
      h('div.dialog-actions', {}, send),
    );
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
        h('div', {}, h('div.card', {}, facts(d)), write && d.status === 'assigned' ? replyForm(d) : null, write && d.status === 'waiting-customer' ? customerInfoForm(d) : null, write && d.status === 'replied' ? surveyForm(d) : null, replies(d)),
        h('div', {}, h('div.card', {}, h('h2', {}, t('complaints.clocks')), clocksView(d)), h('div.card', {}, h('h2', {}, t('complaints.timeline')), timelineView(d))),
      ),
    );
  };

  root.append(h('div.page', {}, h('div.toolbar', {}, h('span.spacer'), complaintTabs('list'), h('button.btn', { onclick: () => void load() }, t('common.refresh'))), content));
  void load();
  return () => {
    left = true;
    window.clearTimeout(timer);
  };
}
