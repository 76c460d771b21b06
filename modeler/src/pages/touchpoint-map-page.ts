import { toDefinition } from '../api/adapters';
import { api, asList } from '../api/client';
import { t } from '../i18n/i18n';
import { askFor } from '../shell/dialog';
import { h } from '../shell/dom';
import { loadInto } from '../shell/table';
import { toast, toastError } from '../shell/toast';
import { type Matrix, type MatrixCell, loadMatrix } from './touchpoint-matrix';

/** Business × channel matrix; a cell without a live process is a blind spot; clicking a cell assigns a process. */
export function touchpointMapPage(root: HTMLElement): void {
  const body = h('div.card');
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('map.title')), h('span.spacer'), h('span.legend-item.legend-blind', {}, t('map.blindSpot'))), body));

  const assign = async (cell: MatrixCell): Promise<void> => {
    const defs = asList<Record<string, unknown>>(await api('GET', '/definitions')).map(toDefinition);
    const processIds = [...new Map(defs.map((d) => [d.processId ?? d.id, d.name ?? d.processId ?? d.id])).entries()];
    const values = await askFor(`${t('map.assign')}: ${cell.businessName} × ${cell.channelName}`, [
      { name: 'processId', label: t('catalogue.key'), options: processIds.map(([value, label]) => ({ value, label: `${label} (${value})` })) },
    ]);
    if (!values) return;
    try {
      if (cell.code) await api('PUT', `/touchpoints/${encodeURIComponent(cell.code)}/process`, { processId: values.processId });
      else await api('POST', '/touchpoints', { business: cell.business, channel: cell.channel, processId: values.processId });
      toast(t('map.assigned'), 'success');
      load();
    } catch (err) {
      toastError(err);
    }
  };

  const render = (m: Matrix): Node =>
    h(
      'table.matrix',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, t('map.business')), ...m.channels.map((c) => h('th', {}, c.name)))),
      h(
        'tbody',
        {},
        ...m.businesses.map((b) =>
          h(
            'tr',
            {},
            h('th', {}, b.name),
            ...m.channels.map((c) => {
              const cell = m.cells.find((x) => x.business === b.code && x.channel === c.code)!;
              const blind = !cell.processId;
              return h(
                `td${blind ? '.blind' : '.covered'}`,
                { title: blind ? t('map.blindSpot') : (cell.code ?? ''), 'data-cell': `${b.code}|${c.code}`, onclick: () => void assign(cell).catch(toastError) },
                blind ? '—' : `${cell.processId}${cell.version ? ` v${cell.version}` : ''}`,
              );
            }),
          ),
        ),
      ),
    );
  const load = (): void => void loadInto(body, loadMatrix, render);
  load();
}
