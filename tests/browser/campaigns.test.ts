/**
 * When plans run on the real engine, then the campaigns page shows each plan's progress live, starts
 * a created plan from its button, and shows a finished plan's evaluation; the page reads in zh-CN too.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { startWorker, type RunningWorker } from '../../worker/main';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

let api: TestApi;
let worker: RunningWorker;
let server: Server;
let base: string;
let browser: RunningBrowser;
/** Plan codes are workflow ids on the shared Temporal server: unique per run. */
const RUN = Date.now().toString(36);

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-campaigns');
  worker = await startWorker(api.config);
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  const owner = api.auth('process-owner');
  await request(api.app)
    .post('/strategies')
    .set(owner)
    .send({ id: 'any', name: 'Any time', channels: ['phone'], timeZone: 'Asia/Shanghai', windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }], maxAttempts: 1, retrySpacingMs: 0 })
    .expect(201);
  const customers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ customerId: `${prefix}-${i}${i % 4 === 0 ? '-unreachable' : ''}` }));
  await request(api.app).post('/plans').set(owner).send({ code: `ran-${RUN}`, name: 'Care calls', strategyId: 'any', concurrency: 3, targets: { customers: customers('a', 8) } }).expect(201);
  await request(api.app).post('/plans').set(owner).send({ code: `new-${RUN}`, name: 'Survey', strategyId: 'any', concurrency: 2, targets: { customers: customers('b', 4) } }).expect(201);
  await request(api.app).post(`/plans/ran-${RUN}/start`).set(api.auth('operator')).send({}).expect(200);
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, worker, api }));

test('when an operator opens the campaigns page, then progress, start and evaluation work from the page', async () => {
  const { page } = browser;
  await signInAs(page, base, 'operator-user', PASSWORD);
  await page.click('[data-nav=campaigns]');
  await page.waitForURL(/#\/campaigns/);
  const ran = `tr[data-plan="ran-${RUN}"]`;
  const fresh = `tr[data-plan="new-${RUN}"]`;
  await page.waitForSelector(`${ran} .pill-finished`, { timeout: 60_000 });
  expect(await page.getAttribute(`${ran} [data-testid=plan-progress]`, 'aria-valuenow')).toBe('8');
  expect(await page.textContent(`${ran} small`)).toContain('8/8 done · 6 reached · 2 unreachable');

  await page.click(`${fresh} [data-action=start]`);
  await page.waitForSelector(`${fresh} .pill-finished`, { timeout: 60_000 });
  await snap(page, '40-campaigns-progress');

  await page.click(`${ran} [data-action=evaluate]`);
  await page.waitForSelector('[data-testid=plan-evaluation]');
  const text = await page.textContent('[data-testid=plan-evaluation]');
  expect(text).toContain('Reach rate');
  expect(text).toContain('75%');
  // The charts: reach and completion per channel and per day part, drawn from the same figures.
  await page.waitForSelector('[data-testid=chart-channel][data-rendered=true] canvas');
  await page.waitForSelector('[data-testid=chart-window][data-rendered=true] canvas');
  const evaluation = (await request(api.app).get(`/plans/ran-${RUN}/evaluation`).set(api.auth('auditor')).expect(200)).body as { perChannel: object; perWindow: object };
  expect(await page.getAttribute('[data-testid=chart-channel]', 'data-groups')).toBe(String(Object.keys(evaluation.perChannel).length));
  expect(await page.getAttribute('[data-testid=chart-window]', 'data-groups')).toBe(String(Object.keys(evaluation.perWindow).length));
  expect(Object.keys(evaluation.perChannel).length).toBeGreaterThan(0);
  await snap(page, '41-campaigns-evaluation');

  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('h1:has-text("主动服务计划")');
  expect(await page.textContent(`${ran} .pill`)).toBe('已完成');
}, 180_000); // two plans run on the real engine: sized for the loaded shared machine (the 60 s default ran out at load ~13)

test('when a process owner opens a finished plan, then the follow-up plan for the customers not reached is made from the page (operators get no button)', async () => {
  const { page } = browser;
  const ran = `tr[data-plan="ran-${RUN}"]`;
  expect(await page.locator(`${ran} [data-action=follow-up]`).count()).toBe(0);
  await page.selectOption('[data-testid=lang]', 'en');
  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/campaigns`);
  await page.click(`${ran} [data-action=follow-up]`);
  await page.fill('.dialog input[name=code]', `fu-${RUN}`);
  await page.selectOption('.dialog select[name=include]', 'not-reached');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector(`tr[data-plan="fu-${RUN}"]`);
  const plan = (await request(api.app).get(`/plans/fu-${RUN}`).set(api.auth('auditor')).expect(200)).body as { targets: number; status: string; targetSource: { kind: string; fromPlanId: string } };
  // The finished plan left two customers unreachable (every fourth target).
  expect(plan).toMatchObject({ targets: 2, status: 'created', targetSource: { kind: 'follow-up', fromPlanId: `ran-${RUN}` } });
  expect(await page.textContent(`tr[data-plan="fu-${RUN}"] small`)).toContain('0/2');
}, 60_000);

test('when contacts of a running plan wait for their window, then one is attempted now and another stopped from the page; an unknown customer is refused', async () => {
  const { page } = browser;
  // A window two days from today (Shanghai): every contact waits for it.
  const today = new Date(Date.now() + 8 * 3_600_000).getUTCDay() || 7;
  const later = ((today + 1) % 7) + 1;
  const owner = api.auth('process-owner');
  await request(api.app)
    .post('/strategies')
    .set(owner)
    .send({ id: `later-${RUN}`, name: 'Later', channels: ['phone'], timeZone: 'Asia/Shanghai', windows: [{ weekdays: [later], hours: [{ start: '12:00', end: '13:00' }] }], maxAttempts: 1, retrySpacingMs: 0 })
    .expect(201);
  const code = `wait-${RUN}`;
  await request(api.app).post('/plans').set(owner).send({ code, name: 'Waiting', strategyId: `later-${RUN}`, concurrency: 2, targets: { customers: [{ customerId: 'w-0' }, { customerId: 'w-1' }] } }).expect(201);
  await request(api.app).post(`/plans/${code}/start`).set(api.auth('operator')).send({}).expect(200);
  const progress = async (): Promise<{ done: number; reached: number; inProgress: number; status?: string }> =>
    (await request(api.app).get(`/plans/${code}/progress`).set(owner).expect(200)).body as { done: number; reached: number; inProgress: number };
  for (let i = 0; (await progress()).inProgress < 2; i++) {
    if (i > 300) throw new Error('contacts never started');
    await new Promise((r) => setTimeout(r, 200));
  }
  const row = `tr[data-plan="${code}"]`;
  // Away and back: the page is drawn again with the new plan (the same hash would not navigate).
  await page.goto(`${base}/#/campaigns/strategies`);
  await page.goto(`${base}/#/campaigns`);

  const act = async (customerId: string, action: string, reason: string): Promise<void> => {
    await page.click(`${row} [data-action=intervene]`);
    await page.fill('.dialog input[name=customerId]', customerId);
    await page.selectOption('.dialog select[name=action]', action);
    await page.fill('.dialog textarea[name=reason]', reason);
    await page.click('.dialog button[type=submit]');
  };
  await act('nobody', 'stop', 'typo');
  await page.waitForSelector('.toast-error:has-text("nobody has no contact in progress")');
  await page.click('.toast-error');

  await act('w-0', 'attempt-now', 'the customer called and asked for it');
  await page.waitForSelector('.toast-success:has-text("Done for w-0")');
  for (let i = 0; (await progress()).reached < 1; i++) {
    if (i > 300) throw new Error('w-0 was not attempted');
    await new Promise((r) => setTimeout(r, 200));
  }
  await act('w-1', 'stop', 'asked not to be called');
  await page.waitForSelector(`${row} .pill-finished`, { timeout: 60_000 });
  expect(await progress()).toMatchObject({ done: 2, reached: 1, inProgress: 0 });
  const audit = (await request(api.app).get(`/audit?target=${encodeURIComponent(`plan:${code}:w-1`)}`).set(api.auth('admin')).expect(200)).body as { total: number };
  expect(audit.total).toBe(1);
}, 120_000);

test('when a recurring plan runs, then its runs card lists each occurrence with its progress as they come, without a refresh', async () => {
  const { page } = browser;
  const code = `rec-${RUN}`;
  const owner = api.auth('process-owner');
  await request(api.app)
    .post('/plans')
    .set(owner)
    .send({ code, name: 'Weekly care', strategyId: 'any', concurrency: 2, cycle: { kind: 'recurring', every: '4s' }, targets: { customers: [{ customerId: 'r-0' }, { customerId: 'r-1' }] } })
    .expect(201);
  await request(api.app).post(`/plans/${code}/start`).set(api.auth('operator')).send({}).expect(200);
  try {
    await page.goto(`${base}/#/campaigns/strategies`);
    await page.goto(`${base}/#/campaigns`);
    await page.click(`tr[data-plan="${code}"] [data-action=runs]`);
    await page.waitForSelector('[data-testid=plan-runs] [data-testid=runs-schedule]');
    // Two occurrences appear on the open card by itself (a firing every 4 s).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=plan-runs] tr[data-run]').length >= 2, undefined, { timeout: 60_000 });
    const runs = (await request(api.app).get(`/plans/${code}/runs`).set(api.auth('auditor')).expect(200)).body as { occurrences: { runId: string }[] };
    const shown = await page.$$eval('[data-testid=plan-runs] tr[data-run]', (rows) => rows.map((r) => r.getAttribute('data-run')));
    for (const id of shown) expect(runs.occurrences.map((o) => o.runId)).toContain(id);
    await page.waitForSelector('[data-testid=plan-runs] tr[data-running=false] [data-testid=plan-progress][aria-valuenow="2"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=runs-schedule]')).toMatch(/occurrences started/);
    await snap(page, '42-campaigns-recurring-runs');
  } finally {
    await request(api.app).post(`/plans/${code}/cancel`).set(api.auth('operator')).send({}).expect(200);
  }
}, 120_000);
