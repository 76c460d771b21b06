/**
 * When a process owner works in the modeler served by the real API, then a .bpmn file opens, the
 * Touchpoint properties can be set, the model deploys, and the UI speaks Chinese on request.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

const FIXTURE = path.join(__dirname, 'fixtures', 'complaint.bpmn');

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

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

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
