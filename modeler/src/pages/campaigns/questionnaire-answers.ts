/**
 * A questionnaire's answers: the answer sheets (id, time, respondent, plan and the validity flag
 * with its reasons, as recorded) and the per-question statistics (option distribution as bars, open
 * answers), for all plans or one, counting only valid sheets unless asked otherwise.
 */
import type { QuestionnaireStatistics } from '../../../../core/questionnaire/statistics';
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toastError } from '../../shell/toast';

interface SheetRow {
  _id: string;
  respondent: string;
  planId?: string;
  startedAt?: number;
  answeredAt: number;
  valid: boolean;
  reasons: { code: string; message: string; questionId?: string }[];
}

const enc = encodeURIComponent;
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function sheetsTable(rows: SheetRow[]): HTMLElement {
  if (rows.length === 0) return h('p.muted', { 'data-testid': 'no-sheets' }, t('answers.none'));
  return h(
    'table.data-table',
    { 'data-testid': 'answer-sheets' },
    h('thead', {}, h('tr', {}, ...(['answers.sheet', 'answers.answeredAt', 'answers.respondent', 'answers.plan', 'answers.valid'] as const).map((k) => h('th', {}, t(k))))),
    h(
      'tbody',
      {},
      ...rows.map((s) =>
        h(
          'tr',
          { 'data-sheet': s._id, 'data-valid': String(s.valid) },
          h('td', {}, h('code', {}, s._id)),
          h('td', {}, formatDate(s.answeredAt)),
          h('td', {}, s.respondent),
          h('td', {}, s.planId ?? ''),
          h(
            'td',
            {},
            h(`span.pill${s.valid ? '.pill-completed' : '.pill-failed'}`, { 'data-testid': 'valid-flag' }, t(s.valid ? 'answers.isValid' : 'answers.isInvalid')),
            s.reasons.length ? h('ul.muted', { 'data-testid': 'sheet-reasons', style: 'margin:2px 0 0 16px;padding:0' }, ...s.reasons.map((r) => h('li', { 'data-reason': r.code }, r.message))) : null,
          ),
        ),
      ),
    ),
  );
}

function statisticsView(s: QuestionnaireStatistics, texts: Map<string, string>): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'answer-statistics' },
    h('p.muted', { 'data-testid': 'counted' }, t('answers.counted', { counted: s.counted, sheets: s.sheets })),
    ...s.questions.map((q) =>
      h(
        'div',
        { 'data-stat': q.questionId, style: 'margin:8px 0' },
        h('strong', {}, `${q.number}. ${texts.get(q.questionId) ?? q.questionId}`),
        ' ',
        h('span.muted', {}, t('answers.responses', { responses: q.responses, skipped: q.skipped })),
        ...(q.options ?? []).map((o) =>
          h(
            'div',
            { 'data-option': o.code, 'data-count': o.count, style: 'display:grid;grid-template-columns:160px 1fr 90px;gap:8px;align-items:center;margin:2px 0' },
            h('span', {}, o.text),
            h('span', { style: 'height:10px;background:#eef1f6;border-radius:5px;overflow:hidden' }, h('span', { style: `display:block;height:100%;width:${o.share * 100}%;background:#3d7bf5` })),
            h('span.muted', {}, `${o.count} · ${pct(o.share)}`),
          ),
        ),
        q.openAnswers?.length ? h('ul', { 'data-testid': 'open-answers' }, ...q.openAnswers.map((a) => h('li', {}, a.text, ' ', h('span.muted', {}, `— ${a.respondent}`)))) : null,
      ),
    ),
  );
}

/** The answers card for questionnaire `code`; `questions` gives the texts shown in the statistics. */
export function questionnaireAnswers(code: string, questions: { id: string; text: string }[]): HTMLElement {
  const texts = new Map(questions.map((q) => [q.id, q.text]));
  const plan = h('input', { type: 'text', name: 'planId', placeholder: t('answers.allPlans'), 'data-testid': 'answers-plan', size: 16 });
  const validOnly = h('input', { type: 'checkbox', name: 'validOnly', checked: true, 'data-testid': 'answers-valid-only' });
  const body = h('div', {}, h('p.muted', {}, t('common.loading')));

  const load = async (): Promise<void> => {
    const planId = plan.value.trim();
    const sheetsQs = new URLSearchParams(planId ? { planId } : {});
    const statsQs = new URLSearchParams({ ...(planId ? { planId } : {}), validOnly: String(validOnly.checked) });
    try {
      const [sheets, stats] = await Promise.all([
        api<SheetRow[]>('GET', `/questionnaires/${enc(code)}/sheets?${sheetsQs.toString()}`),
        api<QuestionnaireStatistics>('GET', `/questionnaires/${enc(code)}/statistics?${statsQs.toString()}`),
      ]);
      body.replaceChildren(h('h3', {}, t('answers.statistics')), statisticsView(stats, texts), h('h3', {}, t('answers.sheets')), sheetsTable(sheets));
    } catch (err) {
      toastError(err);
    }
  };
  plan.addEventListener('change', () => void load());
  validOnly.addEventListener('change', () => void load());
  void load();
  return h(
    'div.card',
    { 'data-testid': 'questionnaire-answers', style: 'margin-top:12px' },
    h('div.toolbar', {}, h('h2', {}, t('answers.title')), h('span.spacer'), plan, h('label', {}, validOnly, ' ', t('answers.validOnly')), h('button.btn.btn-small', { type: 'button', onclick: () => void load() }, t('common.refresh'))),
    body,
  );
}
