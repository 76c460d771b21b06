/**
 * The customer's page behind a link (`#/answer/<token>`): no account, no staff session. The token
 * stays in the URL fragment (browsers never send it to servers) and travels only in the
 * X-Customer-Link header. The questionnaire is asked one question at a time along its branches
 * (the API decides the next question), then submitted once.
 */
import type { Answer, Question } from '../../../../core/questionnaire/types';
import { toApiError } from '../../api/problem';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { languageSwitch } from '../../shell/layout';
import { answerControl, answerText } from '../campaigns/script-preview';

interface View {
  code: string;
  name: string;
  purpose?: string;
  summary?: string;
  questions: Question[];
  expiresAt: number;
  answered: boolean;
}
interface Step {
  answered: string[];
  next?: Question;
  complete: boolean;
}

export function customerLinkPage(root: HTMLElement, params: Record<string, string>): void {
  const token = params.token ?? '';
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(path, {
      method,
      headers: { Accept: 'application/json, application/problem+json', 'X-Customer-Link': token, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as T;
  };
  const card = h('div.card', { 'data-testid': 'customer-link', style: 'max-width:640px;margin:24px auto' });
  root.append(h('div', { style: 'display:flex;justify-content:flex-end;padding:8px' }, languageSwitch()), card);

  const message = (key: 'answer.invalid' | 'answer.used' | 'answer.thanks' | 'answer.closed', testid: string): void => {
    card.replaceChildren(h('h2', { 'data-testid': testid }, t(key)));
  };
  const failed = (err: unknown): void => {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403) return message('answer.invalid', 'answer-invalid');
    if (status === 409) return /already/.test((err as { detail?: string }).detail ?? '') ? message('answer.used', 'answer-used') : message('answer.closed', 'answer-closed');
    const line = card.querySelector<HTMLElement>('[data-testid=answer-error]');
    const text = err instanceof Error ? [err.message, ...((err as { errors?: { message: string }[] }).errors ?? []).map((e) => e.message)].join('\n') : String(err);
    if (line) line.textContent = text;
    else card.replaceChildren(h('p.form-error', { 'data-testid': 'answer-error' }, text));
  };

  const startedAt = Date.now();
  const answers: Answer[] = [];
  let view: View;

  const render = (step: Step): void => {
    const byId = new Map(view.questions.map((q) => [q.id, q]));
    const done = h(
      'ol',
      { 'data-testid': 'answer-path' },
      ...step.answered.map((id) => h('li', {}, `${byId.get(id)?.text ?? id} — ${answerText(byId.get(id)!, answers.find((a) => a.questionId === id)!)}`)),
    );
    const parts: (HTMLElement | null)[] = [h('h2', {}, view.name), view.purpose ? h('p.muted', {}, view.purpose) : null, view.summary ? h('p', {}, view.summary) : null, done];
    const error = h('p.form-error', { 'data-testid': 'answer-error', role: 'alert' });
    if (step.complete) {
      parts.push(
        h('p', {}, t('answer.ready')),
        h('button.btn.btn-primary', { 'data-action': 'submit-answers', onclick: () => void submit() }, t('answer.submit')),
        h('button.btn.btn-ghost', { 'data-action': 'restart', onclick: () => ((answers.length = 0), void advance()) }, t('answer.restart')),
      );
    } else if (step.next) {
      const q = step.next;
      const control = answerControl(q, `answer-${q.id}`);
      parts.push(
        h(
          'div',
          { 'data-testid': 'answer-question', 'data-question': q.id },
          h('p', {}, h('strong', {}, `${q.number}. ${q.text}`), q.required ? ' *' : ''),
          control.el,
          h(
            'button.btn.btn-primary',
            {
              style: 'margin-top:10px',
              'data-action': 'answer-next',
              onclick: () => {
                const a = control.read();
                const empty = !(a.options?.length || a.text);
                if (empty && q.required) {
                  error.textContent = t('answer.required');
                  return;
                }
                answers.push(a);
                void advance();
              },
            },
            t('answer.next'),
          ),
        ),
      );
    }
    parts.push(error);
    card.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  };
  const advance = async (): Promise<void> => {
    try {
      render(await call<Step>('POST', '/customer-link/script', { answers }));
    } catch (err) {
      failed(err);
    }
  };
  const submit = async (): Promise<void> => {
    try {
      await call('POST', '/customer-link/answers', { answers, startedAt });
      message('answer.thanks', 'answer-thanks');
    } catch (err) {
      failed(err);
    }
  };

  void (async () => {
    try {
      view = await call<View>('GET', '/customer-link/questionnaire');
      if (view.answered) return message('answer.used', 'answer-used');
      await advance();
    } catch (err) {
      failed(err);
    }
  })();
}
