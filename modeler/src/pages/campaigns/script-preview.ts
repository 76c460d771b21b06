/**
 * The agent's guided script for a questionnaire: asks one question at a time and lets the API
 * (`POST /questionnaires/:code/script`) decide the next one from the answers so far, so the preview
 * follows the branches exactly as an agent on a call would.
 */
import type { Answer, Question } from '../../../../core/questionnaire/types';
import { api } from '../../api/client';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toastError } from '../../shell/toast';

interface Step {
  answered: string[];
  next?: Question;
  complete: boolean;
}

/** An answer control for `q`; `read()` gives the answer (empty when nothing was chosen or written). */
export function answerControl(q: Question, name: string): { el: HTMLElement; read: () => Answer } {
  if (q.type === 'open') {
    const area = h('textarea', { name, rows: 3, 'data-answer': q.id, style: 'width:100%' });
    return { el: area, read: () => ({ questionId: q.id, ...(area.value.trim() ? { text: area.value.trim() } : {}) }) };
  }
  const kind = q.type === 'single' ? 'radio' : 'checkbox';
  const boxes = (q.options ?? []).map((o) => ({ o, box: h('input', { type: kind, name, value: o.code, 'data-option': o.code }) }));
  return {
    el: h('div', { style: 'display:flex;flex-direction:column;gap:4px' }, ...boxes.map(({ o, box }) => h('label', { style: 'display:flex;gap:6px' }, box, o.text))),
    read: () => ({ questionId: q.id, options: boxes.filter((b) => b.box.checked).map((b) => b.o.code) }),
  };
}

/** A short text of an answer for the transcript. */
export function answerText(q: Question, a: Answer): string {
  if (q.type === 'open') return a.text ?? t('script.skipped');
  const chosen = (q.options ?? []).filter((o) => a.options?.includes(o.code)).map((o) => o.text);
  return chosen.length ? chosen.join(', ') : t('script.skipped');
}

/** The preview panel for the saved questionnaire `code`. */
export function scriptPreview(code: string): HTMLElement {
  const panel = h('div.card', { 'data-testid': 'script-preview', style: 'margin-top:12px' });
  const answers: Answer[] = [];
  const asked = new Map<string, Question>();

  const render = (step: Step): void => {
    const transcript = h(
      'ol',
      { 'data-testid': 'script-path' },
      ...step.answered.map((id) => {
        const q = asked.get(id)!;
        const a = answers.find((x) => x.questionId === id)!;
        return h('li', { 'data-asked': id }, h('strong', {}, `${q.number}. ${q.text}`), ' — ', answerText(q, a));
      }),
    );
    const body: HTMLElement[] = [h('h3', {}, t('script.title')), transcript];
    if (step.complete) body.push(h('p', { 'data-testid': 'script-end' }, h('strong', {}, t('script.end'))));
    else if (step.next) {
      const q = step.next;
      asked.set(q.id, q);
      const control = answerControl(q, `script-${q.id}`);
      const go = (answer: Answer): void => {
        answers.push(answer);
        void advance();
      };
      body.push(
        h(
          'div',
          { 'data-testid': 'script-question', 'data-question': q.id },
          h('p', {}, h('strong', {}, `${q.number}. ${q.text}`), q.required ? ' *' : ''),
          control.el,
          h(
            'div',
            { style: 'margin-top:8px;display:flex;gap:6px' },
            h('button.btn.btn-primary.btn-small', { 'data-action': 'script-next', onclick: () => go(control.read()) }, t('script.next')),
            q.required ? null : h('button.btn.btn-small', { 'data-action': 'script-skip', onclick: () => go({ questionId: q.id }) }, t('script.skip')),
          ),
        ),
      );
    }
    body.push(
      h('button.btn.btn-small.btn-ghost', {
        'data-action': 'script-restart',
        onclick: () => {
          answers.length = 0;
          void advance();
        },
      }, t('script.restart')),
    );
    panel.replaceChildren(...body);
  };
  const advance = async (): Promise<void> => {
    try {
      render(await api<Step>('POST', `/questionnaires/${encodeURIComponent(code)}/script`, { answers }));
    } catch (err) {
      toastError(err);
    }
  };
  void advance();
  return panel;
}
