import { currentUser, signOut } from '../api/client';
import { LANGS, type Lang, lang, setLang, t } from '../i18n/i18n';
import { type MessageKey } from '../i18n/en';
import { h } from './dom';

const NAV: { route: string; hash: string; label: MessageKey }[] = [
  { route: 'catalogue', hash: '#/processes', label: 'nav.catalogue' },
  { route: 'map', hash: '#/touchpoints', label: 'nav.map' },
  { route: 'cases', hash: '#/cases', label: 'nav.cases' },
  { route: 'campaigns', hash: '#/campaigns', label: 'nav.campaigns' },
  { route: 'inbox', hash: '#/tasks', label: 'nav.inbox' },
  { route: 'complaints', hash: '#/complaints', label: 'nav.complaints' },
  { route: 'conformance', hash: '#/conformance', label: 'nav.conformance' },
  { route: 'audit', hash: '#/audit', label: 'nav.audit' },
];

/** The language picker, shown in the header and on the login page. */
export function languageSwitch(): HTMLElement {
  const select = h(
    'select.lang-switch',
    { 'aria-label': t('lang.label'), 'data-testid': 'lang' },
    ...LANGS.map((l) => h('option', { value: l, selected: l === lang() }, l === 'zh-CN' ? '中文' : 'English')),
  );
  select.addEventListener('change', () => setLang(select.value as Lang));
  return select;
}

/** Header with navigation; `active` is the route name of the page shown. */
export function header(active: string): HTMLElement {
  const user = currentUser();
  return h(
    'header.app-header',
    {},
    h('a.brand', { href: '#/processes' }, h('span.brand-mark', {}, 'T'), t('app.name')),
    h('nav.app-nav', {}, ...NAV.map((n) => h(`a${n.route === active ? '.active' : ''}`, { href: n.hash, 'data-nav': n.route }, t(n.label)))),
    h('span.spacer'),
    languageSwitch(),
    user ? h('span.user', { title: user.roles.join(', ') }, user.username) : null,
    h(
      'button.btn.btn-ghost',
      {
        onclick: () => {
          signOut();
          location.hash = '#/login';
        },
      },
      t('nav.logout'),
    ),
  );
}
