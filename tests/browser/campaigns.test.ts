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
  await snap(page, '41-campaigns-evaluation');

  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('h1:has-text("主动服务计划")');
  expect(await page.textContent(`${ran} .pill`)).toBe('已完成');
});
