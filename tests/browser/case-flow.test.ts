/**
 * When a case runs on the real engine (API + Temporal worker), then the case view shows its token on
 * the diagram, and completing the user task from the inbox moves the case on to its end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { startWorker, type RunningWorker } from '../../worker/main';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

const XML = readFileSync(path.join(__dirname, 'fixtures', 'complaint.bpmn'), 'utf8').replace('<bpmn:serviceTask id="Task_log"', '<bpmn:serviceTask tp:type="echo" id="Task_log"');

let api: TestApi;
let worker: RunningWorker;
let server: Server;
let base: string;
let browser: RunningBrowser;

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-case');
  worker = await startWorker(api.config);
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();

  // Arrange through the API: the process, a business and the touchpoint that the process serves.
  await request(api.app).post('/definitions').set(api.auth('admin')).send({ xml: XML, note: 'browser case flow' }).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(api.auth('admin')).send({ code: 'BILLING', name: 'Billing', class: 'complaint' }).expect(201);
  await request(api.app).post('/touchpoints').set(api.auth('admin')).send({ business: 'BILLING', channel: 'WEB', processId: 'Process_browser_complaint' }).expect(201);
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, worker, api }));

test('when a case is started from the catalogue, then its token waits on the user task and completing the task from the inbox ends the case', async () => {
  const { page } = browser;
  await signInAs(page, base, 'admin-user', PASSWORD);
  await page.click('[data-action=start-case]');
  await page.fill('.dialog input[name=customerId]', 'CUST-1001');
  await page.click('.dialog button[type=submit]');
  await page.waitForURL(/#\/cases\//);
  const caseUrl = page.url();

  await page.waitForSelector('.tp-token-badge[data-element-id=Task_answer]', { timeout: 30_000 });
  await page.waitForSelector('.djs-element.tp-taken[data-element-id=Start_1]');
  await snap(page, '10-case-waiting-on-task');

  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'agent-user', PASSWORD);
  await page.goto(`${base}/#/tasks`);
  await page.click('.task-item:has-text("Answer the customer")');
  await page.click('[data-action=claim]');
  await page.waitForSelector('[data-action=unclaim]');
  await snap(page, '11-inbox-claimed');
  await page.click('[data-action=complete]');
  await page.waitForSelector('.toast-success:has-text("Task completed")');

  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'admin-user', PASSWORD);
  await page.goto(caseUrl);
  await page.waitForSelector('.pill-completed', { timeout: 30_000 });
  expect(await page.locator('.tp-token-badge').count()).toBe(0);
  await page.waitForSelector('.djs-element.tp-taken[data-element-id=End_1]');
  await snap(page, '12-case-completed');
});

test('when cases of a version have run, then its heatmap (opened from the catalogue and from the case list) counts them per element, in both languages', async () => {
  const { page } = browser;
  // The previous test ran one case to its end as admin-user, who is still signed in.
  await page.goto(`${base}/#/processes`);
  await page.click('[data-action=heatmap]');
  await page.waitForURL(/#\/heatmap\//);
  const badge = page.locator('.tp-heat-badge[data-element-id=Task_answer]');
  await badge.waitFor({ timeout: 30_000 });
  expect(await badge.getAttribute('data-cases')).toBe('1');
  expect(await badge.textContent()).toMatch(/^1 · ⌀ \d/);
  expect(await page.getAttribute('.tp-heat-cover[data-element-id=End_1]', 'data-share')).toBe('1.000');
  expect(await page.textContent('[data-testid=legend-max]')).toBe('1');
  expect(await page.textContent('[data-heat-row=Task_answer]')).toContain('Answer the customer');
  await snap(page, '13-heatmap-cases');

  await page.selectOption('[data-testid=heatmap-metric]', 'duration');
  // Coloured by time, the user task (where the case waited for the agent) is the slowest element.
  await page.waitForSelector('.tp-heat-cover[data-element-id=Task_answer][data-share="1.000"]');
  expect(await page.textContent('[data-testid=heatmap-legend]')).toContain('Mean time spent');

  await page.goto(`${base}/#/cases`);
  await page.click('[data-action=heatmap]');
  await page.waitForSelector('.tp-heat-badge[data-element-id=Start_1][data-cases="1"]');
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('.page-title:has-text("热力图")');
  await page.waitForSelector('.tp-heat-badge[data-element-id=Task_answer]');
  expect(await page.textContent('[data-testid=heatmap-legend]')).toContain('经过的工单数');
  await snap(page, '14-heatmap-zh-CN');
  await page.selectOption('[data-testid=lang]', 'en');
});

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('when a user task form is designed in the form-js editor and deployed, then the inbox renders it, enforces its required field and its data reaches the case', async () => {
  const { page } = browser;
  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.locator('[data-definition] a.btn').first().click();
  await page.click('.djs-element[data-element-id=Task_answer]');
  await page.click('[data-action=design-form]');

  // Add a text field from the palette (keyboard: focus + Enter), then name it and make it required.
  const palette = page.locator('.form-designer .fjs-palette-field[data-field-type=textfield]');
  await palette.focus();
  await page.keyboard.press('Enter');
  await page.click('.form-designer .fjs-form-field-textfield');
  const label = page.locator('.form-designer #bio-properties-panel-label');
  await label.waitFor({ state: 'attached' });
  if (!(await label.isVisible())) await page.click('.form-designer [data-group-id=group-general] .bio-properties-panel-group-header');
  // The label entry is a CodeMirror editor: on a loaded machine the select-all can miss the text,
  // so type until the field in the editor canvas shows the new label.
  const labelShown = page.locator('.form-designer .fjs-form-field-label:has-text("Resolution")');
  for (let attempt = 0; attempt < 3 && !(await labelShown.count()); attempt++) {
    await label.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('Resolution');
    await labelShown.first().waitFor({ timeout: 5000 }).catch(() => undefined);
  }
  await labelShown.first().waitFor();
  await page.fill('.form-designer #bio-properties-panel-key', 'resolution');
  const required = page.locator('.form-designer #bio-properties-panel-required');
  if (!(await required.isVisible())) await page.click('.form-designer [data-group-id=group-validation] .bio-properties-panel-group-header');
  await required.check();
  await snap(page, '15-form-designer');
  await page.click('[data-action=apply-form]');
  await page.waitForSelector('[data-testid=form-summary]:has-text("1 field")');
  await page.waitForFunction(async () => {
    const modeler = (window as unknown as { tpModeler: { saveXML(o: object): Promise<{ xml: string }> } }).tpModeler;
    const { xml } = await modeler.saveXML({ format: false });
    return /<tp:form>[^<]*&#34;key&#34;:&#34;resolution&#34;|<tp:form>[^<]*"key":"resolution"/.test(xml);
  });

  await page.click('[data-action=deploy]');
  await page.fill('.dialog textarea[name=note]', 'with a designed form');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('.toast-success:has-text("version 2")');

  const start = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'CUST-2002', business: 'BILLING', channel: 'WEB', idempotencyKey: `form-${Date.now()}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;
  // Earlier cases in this file may have left other "Answer the customer" tasks: pick this case's by id.
  const taskId = await until(async () => {
    const res = await request(api.app).get(`/tasks?caseId=${caseId}`).set(api.auth('agent')).expect(200);
    return (res.body.items as { taskId: string }[])[0]?.taskId;
  });

  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'agent-user', PASSWORD);
  await page.goto(`${base}/#/tasks`);
  const item = page.locator(`.task-item[data-task="${taskId}"]`);
  await until(async () => {
    if (await item.count()) return true;
    await page.click('button:has-text("Refresh")');
    return false;
  });
  await item.first().click();
  await page.click('[data-action=claim]');
  await page.waitForSelector('[data-action=unclaim]');
  await page.waitForSelector('[data-testid=task-form] .fjs-form-field-label:has-text("Resolution")');
  // Notifications of earlier steps may still be up under load: dismiss them (a click closes a toast).
  for (const stale of await page.locator('.toast').all()) await stale.click().catch(() => undefined);
  await page.click('[data-action=complete]');
  await page.waitForSelector('[data-testid=task-form] .fjs-form-field-error');
  expect(await page.locator('.toast-success:has-text("Task completed")').count()).toBe(0);
  // The refusal is the form's: nothing reached the workflow, the task is still open.
  const refused = await request(api.app).get(`/tasks/${taskId}`).set(api.auth('admin')).expect(200);
  expect((refused.body as { status: string }).status).toBe('open');
  await page.locator('[data-testid=task-form] .fjs-form-field-textfield input').fill('Refund issued');
  await snap(page, '16-inbox-designed-form');
  await page.click('[data-action=complete]');
  await page.waitForSelector('.toast-success:has-text("Task completed")');

  const done = await until(async () => {
    const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('admin')).expect(200);
    const state = res.body as { status?: string; variables?: Record<string, unknown> };
    return state.status === 'completed' ? state : undefined;
  });
  expect(done.variables?.resolution).toBe('Refund issued');
});

test('when an operator opens a running case, then it links to the Temporal Web UI and can cancel it with a reason; a process owner gets no operator actions', async () => {
  const { page } = browser;
  const start = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'CUST-3003', business: 'BILLING', channel: 'WEB', idempotencyKey: `cancel-${Date.now()}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;

  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/cases/${encodeURIComponent(caseId)}`);
  await page.waitForSelector('.tp-token-badge[data-element-id=Task_answer]', { timeout: 30_000 });
  expect(await page.locator('.case-actions').count()).toBe(0);

  await signInAs(page, base, 'operator-user', PASSWORD);
  await page.goto(`${base}/#/cases/${encodeURIComponent(caseId)}`);
  await page.waitForSelector('.tp-token-badge[data-element-id=Task_answer]', { timeout: 30_000 });
  expect(await page.getAttribute('[data-action=temporal]', 'href')).toMatch(new RegExp(`/namespaces/default/workflows/${caseId}$`));
  expect(await page.isDisabled('.case-actions [data-action=retry]')).toBe(true);
  await page.click('.case-actions [data-action=cancel]');
  await page.click('.dialog button[type=submit]');
  // An empty reason does not go through: the dialog stays, its reason field invalid.
  expect(await page.locator('.dialog textarea[name=reason]:invalid').count()).toBe(1);
  await page.fill('.dialog textarea[name=reason]', 'customer withdrew the complaint');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('.toast-success:has-text("Cancel case")');
  await page.waitForSelector('.pill-cancelled', { timeout: 30_000 });
  await snap(page, '17-case-cancelled-by-operator');
  const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('admin')).expect(200);
  expect(JSON.stringify(res.body)).toContain('customer withdrew the complaint');
});
