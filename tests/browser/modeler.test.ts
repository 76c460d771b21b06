/**
 * When a process owner works in the modeler served by the real API, then a .bpmn file opens, the
 * Touchpoint properties can be set, the model deploys, and the UI speaks Chinese on request.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

const FIXTURE = path.join(__dirname, 'fixtures', 'complaint.bpmn');
const ROUTING = path.join(__dirname, 'fixtures', 'routing.bpmn');

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-modeler');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
}, 180_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

test('when a .bpmn file is imported, a service task type chosen and the model deployed, then the API holds the new version', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await snap(page, '01-catalogue-empty');

  await page.click('[data-action=new-process]');
  await page.waitForSelector('.djs-palette');
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  await page.waitForSelector('[data-element-id=Task_log]');

  await page.click('.djs-element[data-element-id=Task_log]');
  const typeSelect = page.locator('#bio-properties-panel-tp-type');
  await typeSelect.waitFor();
  expect(await typeSelect.locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('echo')]));
  await typeSelect.selectOption('echo');
  await snap(page, '02-modeler-service-task-type');

  await page.click('[data-action=deploy]');
  await page.fill('.dialog textarea[name=note]', 'first version from the browser test');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('.toast-success');
  expect(await page.locator('.toast-success').first().textContent()).toContain('version 1');
  await snap(page, '03-deployed');

  const list = await request(api.app).get('/definitions').set(api.auth('admin')).expect(200);
  const items = (Array.isArray(list.body) ? list.body : list.body.items) as { _id: string; processId: string; note?: string }[];
  const deployed = items.find((d) => d.processId === 'Process_browser_complaint')!;
  expect(deployed.note).toBe('first version from the browser test');
  const one = await request(api.app).get(`/definitions/${deployed._id}`).set(api.auth('admin')).expect(200);
  expect(one.body.xml).toContain('tp:type="echo"');

  await page.goto(`${base}/#/processes`);
  await page.waitForSelector(`[data-definition="${deployed._id}"]`);
  await snap(page, '04-catalogue');
});

test('when the language is switched to zh-CN, then our labels and bpmn-js labels are Chinese', async () => {
  const { page } = browser;
  await page.goto(`${base}/#/modeler`);
  await page.waitForSelector('.djs-palette');
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('[data-nav=catalogue]:has-text("流程目录")');
  await page.waitForSelector('.djs-palette [data-action="create.start-event"]');
  expect(await page.getAttribute('.djs-palette [data-action="create.start-event"]', 'aria-label')).toBe('创建开始事件');
  expect(await page.textContent('[data-action=deploy]')).toBe('部署');

  await page.click('.djs-element[data-element-id=Task_answer]');
  await page.waitForSelector('.bio-properties-panel-group-header-title:has-text("Touchpoint 分派")');
  await page.waitForSelector('.bio-properties-panel-group-header-title:has-text("常规")');
  await snap(page, '05-modeler-zh-CN');

  await page.reload();
  await page.waitForSelector('[data-nav=catalogue]:has-text("流程目录")');
  await page.selectOption('[data-testid=lang]', 'en');
});

/** The current diagram as XML, read from the modeler the page exposes. */
async function modelXml(page: RunningBrowser['page']): Promise<string> {
  return page.evaluate(async () => {
    const modeler = (window as unknown as { tpModeler: { saveXML(o: object): Promise<{ xml: string }> } }).tpModeler;
    return (await modeler.saveXML({ format: false })).xml;
  });
}

/** Selects an element through bpmn-js's selection service (connections are too thin to click reliably). */
async function selectElement(page: RunningBrowser['page'], id: string): Promise<void> {
  await page.evaluate((elementId) => {
    const modeler = (window as unknown as { tpModeler: { get(n: string): { get(id: string): unknown; select(e: unknown): void } } }).tpModeler;
    modeler.get('selection').select(modeler.get('elementRegistry').get(elementId));
  }, id);
}

/** Replaces the text of the FEEL editor (CodeMirror) inside a properties-panel entry. */
async function typeFeel(page: RunningBrowser['page'], entryId: string, text: string): Promise<void> {
  const editor = page.locator(`[data-entry-id="${entryId}"] .cm-content`);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

test('when a gateway condition and a task mapping are written in the FEEL editor, then syntax errors show and valid FEEL reaches the deployed graph', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/modeler`);
  await page.waitForSelector('.djs-palette');
  await page.setInputFiles('[data-testid=file-input]', ROUTING);
  await page.waitForSelector('[data-element-id=Gateway_amount]');

  await selectElement(page, 'Flow_high');
  await page.waitForSelector('[data-entry-id=tp-condition] .cm-content');
  await typeFeel(page, 'tp-condition', 'amount >');
  await page.waitForSelector('[data-entry-id=tp-condition] .bio-properties-panel-error:has-text("Unparsable FEEL expression.")');
  await snap(page, '06-feel-syntax-error');
  await typeFeel(page, 'tp-condition', 'amount > 100');
  await page.waitForSelector('[data-entry-id=tp-condition] .bio-properties-panel-error', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-entry-id=tp-condition]')?.classList.contains('has-error') === false);
  // The default flow of the gateway takes no condition, so it offers none.
  await selectElement(page, 'Flow_low');
  await page.waitForSelector('.bio-properties-panel-header-label:has-text("Flow_low"), .bio-properties-panel-header-type');
  expect(await page.locator('[data-entry-id=tp-condition]').count()).toBe(0);

  await selectElement(page, 'Task_review');
  await page.click('[data-group-id=group-tp-inputs] .bio-properties-panel-add-entry');
  const target = page.locator('#bio-properties-panel-Task_review-tp-input-0-target');
  await target.waitFor();
  await target.fill('refundAmount');
  await typeFeel(page, 'Task_review-tp-input-0-source', 'request.amount * 1.1');
  await page.waitForFunction(() => document.querySelector('[data-entry-id="Task_review-tp-input-0-source"]')?.classList.contains('has-error') === false);
  await snap(page, '07-feel-mapping');
  await page.waitForFunction(async () => {
    const modeler = (window as unknown as { tpModeler: { saveXML(o: object): Promise<{ xml: string }> } }).tpModeler;
    const { xml } = await modeler.saveXML({ format: false });
    return xml.includes('=amount &gt; 100') && xml.includes('source="=request.amount * 1.1"');
  });
  const xml = await modelXml(page);
  expect(xml).toContain('target="refundAmount"');

  await page.click('[data-action=deploy]');
  await page.fill('.dialog textarea[name=note]', 'FEEL from the browser');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('.toast-success:has-text("Deployed"), .toast-error');
  expect(await page.locator('.toast-error').allTextContents()).toEqual([]);
  const list = await request(api.app).get('/definitions?processId=Process_browser_routing').set(api.auth('admin')).expect(200);
  const items = (Array.isArray(list.body) ? list.body : list.body.items) as { _id: string }[];
  const one = await request(api.app).get(`/definitions/${items[0]._id}`).set(api.auth('admin')).expect(200);
  const graph = one.body.graph as { flows: Record<string, { condition?: string }>; elements: Record<string, { task?: { inputs?: { source: string; target: string }[] } }> };
  expect(graph.flows.Flow_high.condition).toBe('amount > 100');
  expect(graph.elements.Task_review.task?.inputs).toEqual([{ source: 'request.amount * 1.1', target: 'refundAmount' }]);
});
