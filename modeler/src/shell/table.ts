import { t } from '../i18n/i18n';
import { h } from './dom';

export interface Column<T> {
  label: string;
  cell: (row: T) => Node | string | number | undefined | null;
}

/** A plain data table; shows the "nothing here" line when there are no rows. */
export function table<T>(columns: Column<T>[], rows: T[], rowAttrs: (row: T) => Record<string, string> = () => ({})): HTMLElement {
  if (rows.length === 0) return h('p.empty', {}, t('common.empty'));
  return h(
    'table.data-table',
    {},
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c.label)))),
    h('tbody', {}, ...rows.map((row) => h('tr', rowAttrs(row), ...columns.map((c) => h('td', {}, c.cell(row) ?? ''))))),
  );
}

/** Loads data for a page section, showing a spinner line and errors in place. */
export async function loadInto<T>(target: HTMLElement, load: () => Promise<T>, render: (data: T) => Node): Promise<void> {
  target.replaceChildren(h('p.muted', {}, t('common.loading')));
  try {
    const data = await load();
    target.replaceChildren(render(data));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    target.replaceChildren(h('p.form-error', {}, `${t('common.error')}: ${message}`));
  }
}
