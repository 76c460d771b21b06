import { api, asList } from '../api/client';
import { type DefinitionSummary } from '../api/types';
import { t } from '../i18n/i18n';
import { askFor } from '../shell/dialog';
import { h } from '../shell/dom';
import { loadInto } from '../shell/table';
import { toast, toastError } from '../shell/toast';

interface MatrixCell {
  business: string;
  channel: string;
  processId?: string;
  definitionId?: string;
  processName?: string;
}

interface Matrix {
  businesses: string[];
  channels: string[];
  cells: MatrixCell[];
}

function normalise(raw: unknown): Matrix {
  const m = (raw ?? {}) as Partial<Matrix> & { rows?: MatrixCell[] };
  const cells = m.cells ?? m.rows ?? asList<MatrixCell>(raw);
  return {
    businesses: m.businesses ?? [...new Set(cells.map((c) => c.business))],
    channels: m.channels ?? [...new Set(cells.map((c) => c.channel))],
    cells,
  };
}

/** Business × channel matrix; an empty cell is a blind spot, and clicking any cell assigns a process. */
export function touchpointMapPage(root: HTMLElement): void {
  const body = h('div.card');
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('map.title')), h('span.spacer'), h('span.legend-item.legend-blind', {}, t('map.blindSpot'))), body));

  const assign = async (business: string, channel: string): Promise<void> => {
    const defs = asList<DefinitionSummary>(await api('GET', '/definitions'));
    const values = await askFor(`${t('map.assign')}: ${business} × ${channel}`, [
      { name: 'processId', label: t('catalogue.key'), options: defs.map((d) => ({ value: d.processId ?? d.key ?? d.id, label: `${d.name ?? d.processId ?? d.id} v${d.version ?? '?'}` })) },
    ]);
    if (!values) return;
    try {
      await api('PUT', '/touchpoints', { business, channel, processId: values.processId });
      toast(t('map.assigned'), 'success');
      load();
    } catch (err) {
      toastError(err);
    }
  };

  const render = (m: Matrix): Node => {
    const cellOf = (b: string, c: string): MatrixCell | undefined => m.cells.find((x) => x.business === b && x.channel === c);
    return h(
      'table.matrix',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, t('map.business')), ...m.channels.map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...m.businesses.map((b) =>
          h(
            'tr',
            {},
            h('th', {}, b),
            ...m.channels.map((c) => {
              const cell = cellOf(b, c);
              const blind = !cell?.processId && !cell?.definitionId;
              return h(`td${blind ? '.blind' : '.covered'}`, { title: blind ? t('map.blindSpot') : '', onclick: () => void assign(b, c).catch(toastError) }, blind ? '—' : (cell?.processName ?? cell?.processId ?? ''));
            }),
          ),
        ),
      ),
    );
  };
  const load = (): void => void loadInto(body, async () => normalise(await api('GET', '/touchpoints/matrix')), render);
  load();
}
