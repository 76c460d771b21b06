import './styles/app.css';
import { hasToken, setUnauthorizedHandler } from './api/client';
import { onLangChange } from './i18n/i18n';
import { auditPage } from './pages/audit-page';
import { casesPage } from './pages/cases-page';
import { campaignsPage } from './pages/campaigns/campaigns-page';
import { questionnaireEditor } from './pages/campaigns/questionnaire-editor';
import { questionnairesPage } from './pages/campaigns/questionnaires-page';
import { strategiesPage } from './pages/campaigns/strategies-page';
import { customerLinkPage } from './pages/customer-link/customer-link-page';
import { cataloguePage } from './pages/catalogue-page';
import { inboxPage } from './pages/inbox-page';
import { loginPage } from './pages/login-page';
import { touchpointMapPage } from './pages/touchpoint-map-page';
import { h } from './shell/dom';
import { header } from './shell/layout';
import { type Page, Router, lazyPage } from './shell/router';

// The pages that draw diagrams carry bpmn-js; they load on first visit.
const modelerPage = lazyPage(() => import('./pages/modeler/modeler-page').then((m) => m.modelerPage));
const casePage = lazyPage(() => import('./pages/case/case-page').then((m) => m.casePage));
const heatmapPage = lazyPage(() => import('./pages/heatmap/heatmap-page').then((m) => m.heatmapPage));
const conformancePage = lazyPage(() => import('./pages/conformance/conformance-page').then((m) => m.conformancePage));
// Complaint screens (the reports page carries echarts): loaded on first visit.
const complaintsPage = lazyPage(() => import('./pages/complaints/complaints-page').then((m) => m.complaintsPage));
const complaintSubmitPage = lazyPage(() => import('./pages/complaints/complaint-submit').then((m) => m.complaintSubmitPage));
const complaintReportsPage = lazyPage(() => import('./pages/complaints/complaint-reports-page').then((m) => m.complaintReportsPage));
const complaintDetailPage = lazyPage(() => import('./pages/complaints/complaint-detail-page').then((m) => m.complaintDetailPage));

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
  headerSlot.replaceChildren(name === 'login' || name === 'answer' ? '' : header(name));
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
  .add('/campaigns', 'campaigns', guarded(campaignsPage))
  .add('/campaigns/strategies', 'campaigns', guarded(strategiesPage))
  .add('/campaigns/questionnaires', 'campaigns', guarded(questionnairesPage))
  .add('/campaigns/new-questionnaire', 'campaigns', guarded((root) => questionnaireEditor(root, undefined)))
  .add('/campaigns/questionnaires/:code', 'campaigns', guarded((root, params) => questionnaireEditor(root, params.code)))
  .add('/answer/:token', 'answer', customerLinkPage)
  .add('/cases/:id', 'cases', guarded(casePage))
  .add('/tasks', 'inbox', guarded(inboxPage))
  .add('/tasks/:id', 'inbox', guarded(inboxPage))
  .add('/conformance', 'conformance', guarded(conformancePage))
  .add('/complaints', 'complaints', guarded(complaintsPage))
  .add('/complaints/new', 'complaints', guarded(complaintSubmitPage))
  .add('/complaints/reports', 'complaints', guarded(complaintReportsPage))
  .add('/complaints/:id', 'complaints', guarded(complaintDetailPage))
  .add('/audit', 'audit', guarded(auditPage));

setUnauthorizedHandler(() => {
  if (router.current !== 'login') {
    sessionStorage.setItem('tp.next', location.hash);
    location.hash = '#/login';
  }
});
onLangChange(() => router.render());
router.render();
