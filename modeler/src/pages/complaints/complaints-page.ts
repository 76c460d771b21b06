/**
 * The complaint list: filters (status, SLA state, channel, department, customer) kept in the hash
 * so a filtered view can be linked and survives a language switch; paginated on the server. The page
 * stays live (shell/live-poll): statuses and SLA badges change without a refresh.
 */
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { hashQuery } from '../../shell/router';
import { livePoll, type PollResult } from '../../shell/live-poll';
import { loadInto, table } from '../../shell/table';
import { complaintTabs, label, slaBadge, statusPill } from './complaint-badges';
import { classification } from './complaint-clocks';
import { CHANNELS, SLA_STATES, STATUSES, type ComplaintSummary } from './complaint-types';

const PAGE_SIZE = 20;
const FILTERS = ['status', 'slaState', 'channel', 'department', 'customerId'] as const;

interface Listing {
  items: ComplaintSummary[];
  total: number;
}

function select(name: string, all: string, values: readonly string[], prefix: string, current: string | null): HTMLSelectElement {
  return h('select', { name, 'data-filter': name }, h('option', { value: '' }, all), ...values.map((v) => h('option', { value: v, selected: v === current }, label(prefix, v))));
}

export function complaintsPage(root: HTMLElement): () => void {
  const q = hashQuery();
  const skip = Math.max(0, Number(q.get('skip') ?? 0) || 0);
  const status = select('status', t('complaints.filter.status'), STATUSES, 'complaints.status', q.get('status'));
  const sla = select('slaState', t('complaints.filter.sla'), SLA_STATES, 'complaints.sla', q.get('slaState'));
  const channel = select('channel', t('complaints.filter.channel'), CHANNELS, 'complaints.channel', q.get('channel'));
  const department = h('input', { name: 'department', 'data-filter': 'department', placeholder: t('complaints.filter.department'), value: q.get('department') ?? '', size: 14 });
  const customer = h('input', { name: 'customerId', 'data-filter': 'customerId', placeholder: t('complaints.filter.customer'), value: q.get('customerId') ?? '', size: 14 });
  const inputs: Record<(typeof FILTERS)[number], HTMLInputElement | HTMLSelectElement> = { status, slaState: sla, channel, department, customerId: customer };

  /** Navigates to the list with the filters as they are in the form, from `nextSkip`. */
  const go = (nextSkip: number): void => {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (inputs[f].value.trim()) p.set(f, inputs[f].value.trim());
    if (nextSkip) p.set('skip', String(nextSkip));
    const hash = `#/complaints${p.size ? `?${p.toString()}` : ''}`;
    if (location.hash === hash) render();
    else location.hash = hash;
  };
  for (const s of [status, sla, channel]) s.addEventListener('change', () => go(0));
  const form = h(
    'form.toolbar.complaint-filters',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        go(0);
      },
    },
    status,
    sla,
    channel,
    department,
    customer,
    h('button.btn', { type: 'submit' }, t('complaints.filter.apply')),
  );

  const body = h('div.card', { 'data-testid': 'complaint-list' });
  const listPath = (): string => {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (q.get(f)) p.set(f, q.get(f) ?? '');
    p.set('limit', String(PAGE_SIZE));
    p.set('skip', String(skip));
    return `/complaints?${p.toString()}`;
  };
  const view = ({ items, total }: Listing): HTMLElement => {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.floor(skip / PAGE_SIZE) + 1;
    return h(
      'div',
      {},
      table(
        [
          { label: t('complaints.col.id'), cell: (c) => h('a', { href: `#/complaints/${encodeURIComponent(c.id)}`, 'data-complaint': c.id }, c.id) },
          { label: t('complaints.col.customer'), cell: (c) => c.customerId },
          { label: t('complaints.col.channel'), cell: (c) => label('complaints.channel', c.channel) },
          { label: t('complaints.col.classification'), cell: (c) => classification(c) },
          { label: t('complaints.col.department'), cell: (c) => c.department ?? '' },
          { label: t('complaints.col.owner'), cell: (c) => c.owner ?? '' },
          { label: t('complaints.col.status'), cell: (c) => statusPill(c.status) },
          { label: t('complaints.col.sla'), cell: (c) => slaBadge(c.slaState) },
          { label: t('complaints.col.received'), cell: (c) => formatDate(c.receivedAt) },
        ],
        items,
        (c) => ({ 'data-row': c.id }),
      ),
      h(
        'div.toolbar.pager',
        {},
        h('button.btn.btn-small', { type: 'button', 'data-action': 'prev', disabled: skip === 0, onclick: () => go(Math.max(0, skip - PAGE_SIZE)) }, t('complaints.prev')),
        h('span.muted', { 'data-testid': 'pager' }, t('complaints.page', { page, pages, total })),
        h('button.btn.btn-small', { type: 'button', 'data-action': 'next', disabled: skip + PAGE_SIZE >= total, onclick: () => go(skip + PAGE_SIZE) }, t('complaints.next')),
      ),
    );
  };
  let shown = '';
  const render = (): void => {
    shown = '';
    void loadInto(
      body,
      () => api<Listing>('GET', listPath()),
      (data) => {
        shown = JSON.stringify(data);
        return view(data);
      },
    );
  };
  /** The live read: redraws only when a status or SLA state (or the page's rows) changed. */
  const refresh = async (): Promise<PollResult> => {
    const data = await api<Listing>('GET', listPath());
    const json = JSON.stringify(data);
    if (json === shown) return { changed: false };
    shown = json;
    body.replaceChildren(view(data));
    return { changed: true };
  };

  root.append(
    h(
      'div.page',
      {},
      h('div.toolbar', {}, h('h1.page-title', {}, t('complaints.title')), h('span.spacer'), h('small.muted', { 'data-testid': 'live' }, t('complaints.live')), complaintTabs('list'), h('button.btn', { onclick: render }, t('common.refresh'))),
      form,
      body,
    ),
  );
  render();
  const live = livePoll(refresh, { minMs: 3000, maxMs: 30_000 });
  return () => live.stop();
}
