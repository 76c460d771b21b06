import { signIn } from '../api/client';
import { ApiError } from '../api/problem';
import { t } from '../i18n/i18n';
import { h } from '../shell/dom';
import { languageSwitch } from '../shell/layout';

/** Sign-in form; on success goes back to where the user was heading. */
export function loginPage(root: HTMLElement): void {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p.form-error', { role: 'alert' });
  const submit = h('button.btn.btn-primary.btn-block', { type: 'submit' }, t('login.submit'));
  const form = h(
    'form.login-card',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        submit.disabled = true;
        error.textContent = '';
        signIn(username.value.trim(), password.value)
          .then(() => {
            const next = sessionStorage.getItem('tp.next');
            sessionStorage.removeItem('tp.next');
            location.hash = next && !next.startsWith('#/login') ? next : '#/processes';
          })
          .catch((err: unknown) => {
            error.textContent = err instanceof ApiError ? (err.detail ?? err.title) : t('login.failed');
          })
          .finally(() => (submit.disabled = false));
      },
    },
    h('div.login-brand', {}, h('span.brand-mark.brand-mark-large', {}, 'T'), h('div', {}, h('h1', {}, t('app.name')), h('p.muted', {}, t('app.tagline')))),
    h('h2', {}, t('login.title')),
    h('label.field', {}, h('span', {}, t('login.username')), username),
    h('label.field', {}, h('span', {}, t('login.password')), password),
    error,
    submit,
    h('div.login-lang', {}, languageSwitch()),
  );
  root.append(h('div.login-page', {}, form));
  username.focus();
}
