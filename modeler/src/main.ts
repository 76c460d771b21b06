import './styles/app.css';
import { hasToken, setUnauthorizedHandler } from './api/client';
import { onLangChange } from './i18n/i18n';
import { auditPage } from './pages/audit-page';
import { casePage } from './pages/case/case-page';
import { casesPage } from './pages/cases-page';
import { cataloguePage } from './pages/catalogue-page';
import { heatmapPage } from './pages/heatmap/heatmap-page';
import { inboxPage } from './pages/inbox-page';
import { loginPage } from './pages/login-page';
import { modelerPage } from './pages/modeler/modeler-page';
import { touchpointMapPage } from './pages/touchpoint-map-page';
import { h } from './shell/dom';
import { header } from './shell/layout';
import { type Page, Router } from './shell/router';

const app = document.getElementById('app')!;
const headerSlot = h('div');
const main = h('main.app-main');
app.append(headerSlot, main);

/** Pages other than login need a session; without one the user is sent to sign in and brought back. */
function guarded(page: Page): Page {
  return (root, params) => {
    if (!hasToken()) {
      sessionStorage.setItem('tp.next', location.hash);
      location.hash = '#/login';
      return;
    }
    return page(root, params);
  };
}

const router = new Router(main, (name) => {
  headerSlot.replaceChildren(name === 'login' ? '' : header(name));
  document.body.dataset.route = name;
});
router
  .add('/login', 'login', loginPage)
  .add('/processes', 'catalogue', guarded(cataloguePage))
  .add('/modeler', 'catalogue', guarded(modelerPage))
  .add('/modeler/:id', 'catalogue', guarded(modelerPage))
  .add('/heatmap/:id', 'catalogue', guarded(heatmapPage))
  .add('/touchpoints', 'map', guarded(touchpointMapPage))
  .add('/cases', 'cases', guarded(casesPage))
  .add('/cases/:id', 'cases', guarded(casePage))
  .add('/tasks', 'inbox', guarded(inboxPage))
  .add('/tasks/:id', 'inbox', guarded(inboxPage))
  .add('/audit', 'audit', guarded(auditPage));

setUnauthorizedHandler(() => {
  if (router.current !== 'login') {
    sessionStorage.setItem('tp.next', location.hash);
    location.hash = '#/login';
  }
});
onLangChange(() => router.render());
router.render();
