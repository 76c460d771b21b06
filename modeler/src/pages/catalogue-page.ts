import { toDefinition } from '../api/adapters';
import { api, asList } from '../api/client';
import { type DefinitionSummary } from '../api/types';
import { formatDate, t } from '../i18n/i18n';
import { h } from '../shell/dom';
import { loadInto, table } from '../shell/table';
import { toast, toastError } from '../shell/toast';
import { startCase } from './start-case';

/** The deployed process versions, newest first, with links to edit and to start a case. */
export function cataloguePage(root: HTMLElement): void {
  const body = h('div.card');
  const render = (defs: DefinitionSummary[]): Node =>
    table(
      [
        { label: t('catalogue.key'), cell: (d) => h('a', { href: `#/modeler/${encodeURIComponent(d.id)}` }, d.name ?? d.processId ?? d.key ?? d.id) },
        { label: t('catalogue.version'), cell: (d) => h('span.badge', {}, `v${d.version ?? '?'}`) },
        { label: t('catalogue.note'), cell: (d) => d.note ?? '' },
        { label: t('catalogue.deployedAt'), cell: (d) => formatDate(d.deployedAt ?? d.createdAt) },
        { label: t('catalogue.deployedBy'), cell: (d) => d.deployedBy ?? '' },
        {
          label: '',
          cell: (d) =>
            h(
              'div.row-actions',
              {},
              h('a.btn.btn-small', { href: `#/modeler/${encodeURIComponent(d.id)}` }, t('common.open')),
              h('a.btn.btn-small', { href: `#/heatmap/${encodeURIComponent(d.id)}`, 'data-action': 'heatmap' }, t('heatmap.open')),
              h(
                'button.btn.btn-small.btn-primary',
                {
                  'data-action': 'start-case',
                  onclick: () =>
                    void startCase(d)
                      .then((c) => {
                        if (!c) return;
                        toast(t('catalogue.started'), 'success');
                        location.hash = `#/cases/${encodeURIComponent(c.caseId)}`;
                      })
                      .catch(toastError),
                },
                t('catalogue.start'),
              ),
            ),
        },
      ],
      defs,
      (d) => ({ 'data-definition': d.id }),
    );
  root.append(
    h(
      'div.page',
      {},
      h('div.toolbar', {}, h('h1.page-title', {}, t('catalogue.title')), h('span.spacer'), h('a.btn.btn-primary', { href: '#/modeler', 'data-action': 'new-process' }, `+ ${t('catalogue.new')}`)),
      body,
    ),
  );
  void loadInto(body, async () => asList<Record<string, unknown>>(await api('GET', '/definitions')).map(toDefinition), render);
}
