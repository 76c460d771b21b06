/**
 * The conformance page against the real API: after the monitor has measured a process, the page shows
 * the rates chart and the report table, drills down from a report to its cases, acknowledges an
 * alert, lists per-element deviations of the latest run, and speaks Chinese when asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { sha256Hex } from '../../core/hash';
import { monitorProcess } from '../../activities/conformance/monitor';
import { caseRecordModel } from '../../store/engine/case-record';
import { taskModel } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import { users } from '../../store/users';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

const XML = readFileSync(path.join(__dirname, 'fixtures', 'hotline.bpmn'), 'utf8');
const TYPES: Record<string, [string, string]> = {
  Start: ['bpmn:StartEvent', 'Call'],
  Register: ['bpmn:UserTask', 'Register'],
  CheckAccount: ['bpmn:Task', 'Check account'],
  CheckHistory: ['bpmn:Task', 'Check history'],
  Reply: ['bpmn:UserTask', 'Reply'],
  End: ['bpmn:EndEvent', 'Done'],
};

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;

/** A finished case as the engine records it: case record, trace events, completed user tasks. */
async function engineCase(caseId: string, elements: string[], at: number, xmlHash: string): Promise<void> {
  await caseRecordModel(api.db).create({ caseId, definitionId: 'Process_hotline:1', version: 1, processId: 'Process_hotline', status: 'completed', touchpoint: 'HOT-TEL', startedAt: new Date(at), endedAt: new Date(at + 5000), openTasks: 0, incidents: 0, updatedAt: new Date(at + 5000) });
  await traceEventModel(api.db).insertMany(
    elements.map((el, i) => ({ caseId, seq: i + 1, processId: 'Process_hotline', definitionId: 'Process_hotline:1', version: 1, xmlHash, elementId: el, elementType: TYPES[el][0], elementName: TYPES[el][1], lifecycle: 'complete', at: new Date(at + i * 100) })),
  );
  for (const el of elements.filter((e) => TYPES[e][0] === 'bpmn:UserTask')) {
    await taskModel(api.db).create({ taskId: `${caseId}-${el}`, caseId, elementId: el, tokenId: 't', status: 'completed', candidateGroups: [], skills: [], createdAt: new Date(at), closedAt: new Date(at + 1000), completedBy: el === 'Register' ? 'wang' : 'zhao' });
  }
}

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-conformance');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(XML).expect(201);
  const xmlHash = sha256Hex(XML);
  await users(api.db).create([
    { _id: 'u-wang', username: 'wang', passwordHash: 'x', roles: ['agent'], department: 'service', groups: ['frontdesk'] },
    { _id: 'u-zhao', username: 'zhao', passwordHash: 'x', roles: ['agent'], department: 'billing', groups: [] },
  ]);
  await request(api.app).put('/conformance/benchmarks/Process_hotline').set(owner).send({ normativeRate: 0.9, expectedCasesPerDay: { 'HOT-TEL': 3 } }).expect(200);
  const t0 = Date.now() - 60_000;
  await engineCase('ok-1', ['Start', 'Register', 'CheckAccount', 'CheckHistory', 'Reply', 'End'], t0, xmlHash);
  await engineCase('ok-2', ['Start', 'Register', 'CheckHistory', 'CheckAccount', 'Reply', 'End'], t0 + 1000, xmlHash);
  await engineCase('skip-1', ['Start', 'Register', 'CheckAccount', 'Reply', 'End'], t0 + 2000, xmlHash);
  await monitorProcess(api.db, 'Process_hotline');
  await request(api.app).post('/conformance/runs').set(owner).send({ processId: 'Process_hotline', version: 1 }).expect(201);
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

test('when the monitor has measured a process, then its page shows the rates, drills down to cases and acknowledges alerts, in both languages', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.click('[data-nav=conformance]');
  await page.waitForURL(/#\/conformance/);
  const today = new Date(Date.now() - 60_000).toISOString().slice(0, 10);
  const row = page.locator(`[data-report="Process_hotline|day|${today}|process|all"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('66.7%');
  expect(await row.textContent()).toContain('3 / 3');
  await page.waitForSelector('[data-testid=conformance-chart] canvas');

  await row.locator('[data-action=drill]').click();
  await page.waitForSelector('[data-case=skip-1]');
  expect(await page.locator('[data-case=skip-1]').textContent()).toContain('skipped: Check history');
  expect(await page.locator('[data-testid=conformance-cases] [data-case]').count()).toBe(3);
  await page.waitForSelector('[data-testid=conformance-elements] td:has-text("CheckHistory")');
  const badge = page.locator('.tp-deviation-badge[data-element-id=CheckHistory]');
  await badge.waitFor();
  expect(await badge.textContent()).toBe('Skipped 1');
  expect(await page.locator('.tp-deviation-badge').count()).toBe(1);
  await snap(page, '30-conformance-page');

  const alert = page.locator(`[data-alert="Process_hotline|day|${today}|process|all|normativeRate"]`);
  await alert.waitFor();
  await alert.locator('[data-action=acknowledge]').click();
  await page.waitForSelector('.toast-success:has-text("Alert acknowledged")');
  await alert.waitFor({ state: 'detached' });

  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('h1:has-text("流程符合度监控")');
  await page.locator(`[data-report="Process_hotline|day|${today}|process|all"]`).waitFor();
  await snap(page, '31-conformance-page-zh');
}, 120_000);
