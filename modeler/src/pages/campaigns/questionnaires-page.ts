/**
 * Questionnaires: search by code or name, active or archived, open one in the editor, start a new
 * one, or import one from a JSON export or a spreadsheet (CSV). Import problems are listed with
 * their place (JSON path, or row and column).
 */
import { api, asList } from '../../api/client';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toast } from '../../shell/toast';
import { campaignTabs } from './campaign-tabs';
import { formError, sendText, showErrors } from './form-kit';

interface Row {
  _id: string;
  name: string;
  status: 'active' | 'archived';
  provider: { department: string; designer: string };
  questions: unknown[];
}

export function questionnairesPage(root: HTMLElement): void {
  const search = h('input', { type: 'search', placeholder: t('questionnaires.search'), 'data-testid': 'q-search', style: 'width:240px' });
  const status = h('select', { 'data-testid': 'q-status' }, h('option', { value: 'active' }, t('questionnaires.active')), h('option', { value: 'archived' }, t('questionnaires.archived')), h('option', { value: '' }, t('questionnaires.all')));
  const list = h('div.card');
  const problems = h('div', {}, formError());
  const fileInput = h('input', { type: 'file', accept: '.json,.csv,application/json,text/csv', 'data-testid': 'q-import', style: 'display:none' });

  const load = async (): Promise<void> => {
    const qs = new URLSearchParams();
    if (status.value) qs.set('status', status.value);
    if (search.value.trim()) qs.set('q', search.value.trim());
    try {
      const rows = asList<Row>(await api('GET', `/questionnaires?${qs.toString()}`));
      list.replaceChildren(
        rows.length === 0
          ? h('p.muted', {}, t('questionnaires.none'))
          : h(
              'table.data-table',
              { 'data-testid': 'questionnaires' },
              h('thead', {}, h('tr', {}, ...(['questionnaires.code', 'questionnaires.name', 'questionnaires.department', 'questionnaires.questions', 'questionnaires.status'] as const).map((k) => h('th', {}, t(k))))),
              h(
                'tbody',
                {},
                ...rows.map((r) =>
                  h(
                    'tr',
                    { 'data-questionnaire': r._id },
                    h('td', {}, h('a', { href: `#/campaigns/questionnaires/${encodeURIComponent(r._id)}` }, r._id)),
                    h('td', {}, r.name),
                    h('td', {}, r.provider.department),
                    h('td', {}, r.questions.length),
                    h('td', {}, h(`span.pill${r.status === 'archived' ? '.pill-cancelled' : ''}`, {}, t(r.status === 'archived' ? 'questionnaires.archived' : 'questionnaires.active'))),
                  ),
                ),
              ),
            ),
      );
    } catch (err) {
      showErrors(problems, err);
    }
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    void (async () => {
      try {
        const text = await file.text();
        const isCsv = /\.csv$/i.test(file.name) || file.type.includes('csv');
        const created = isCsv
          ? await sendText<{ _id: string }>('POST', '/questionnaires/import/csv', text, 'text/csv; charset=utf-8')
          : await api<{ _id: string }>('POST', '/questionnaires/import', JSON.parse(text) as unknown);
        toast(t('questionnaires.imported', { code: created._id }), 'success');
        location.hash = `#/campaigns/questionnaires/${encodeURIComponent(created._id)}`;
      } catch (err) {
        showErrors(problems, err);
      } finally {
        fileInput.value = '';
      }
    })();
  });
  search.addEventListener('input', () => void load());
  status.addEventListener('change', () => void load());

  root.append(
    h(
      'div.page',
      {},
      campaignTabs('questionnaires'),
      h(
        'div.toolbar',
        { style: 'margin-bottom:10px' },
        h('h1.page-title', {}, t('questionnaires.title')),
        search,
        status,
        h('span.spacer'),
        fileInput,
        h('button.btn', { 'data-action': 'import', onclick: () => fileInput.click() }, t('questionnaires.import')),
        h('a.btn.btn-primary', { href: '#/campaigns/new-questionnaire', 'data-action': 'new-questionnaire' }, t('questionnaires.new')),
      ),
      problems,
      list,
    ),
  );
  void load();
}
