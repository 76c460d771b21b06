import { toCaseSummary } from '../api/adapters';
import { api, asList } from '../api/client';
import { formatDate, t } from '../i18n/i18n';
import { h } from '../shell/dom';
import { loadInto, table } from '../shell/table';

/** Status pill with a colour per status. */
export function statusPill(status: string | undefined): HTMLElement {
  const s = (status ?? 'unknown').toLowerCase();
  return h(`span.pill.pill-${s.replace(/[^a-z]/g, '')}`, {}, s);
}

/** The list of cases, filterable by status. */
export function casesPage(root: HTMLElement): void {
  const body = h('div.card');
  const status = h('select', {}, ...['', 'running', 'completed', 'failed', 'cancelled', 'terminated'].map((s) => h('option', { value: s }, s || t('cases.filterStatus'))));
  const load = (): void =>
    void loadInto(
      body,
      async () => asList<Record<string, unknown>>(await api('GET', `/cases${status.value ? `?status=${status.value}` : ''}`)).map(toCaseSummary),
      (cases) =>
        table(
          [
            { label: t('cases.id'), cell: (c) => h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, c.businessKey ?? c.id) },
            { label: t('cases.process'), cell: (c) => `${c.processName ?? c.processId ?? c.definitionId ?? ''}${(c as { version?: number }).version ? ` v${(c as { version?: number }).version}` : ''}` },
            { label: t('cases.status'), cell: (c) => statusPill(c.status) },
            { label: t('cases.startedAt'), cell: (c) => formatDate(c.startedAt ?? c.createdAt) },
            { label: '', cell: (c) => (c.definitionId ? h('a.btn.btn-small', { href: `#/heatmap/${encodeURIComponent(c.definitionId)}`, 'data-action': 'heatmap' }, t('heatmap.open')) : null) },
          ],
          cases,
        ),
    );
  status.addEventListener('change', load);
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('cases.title')), h('span.spacer'), status, h('button.btn', { onclick: load }, t('common.refresh'))), body));
  load();
}
