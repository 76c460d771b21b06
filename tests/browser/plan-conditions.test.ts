/**
 * The plan form's extra conditions on the real API (FerretDB) in Chromium: consent flags, customer
 * segments, "not contacted within" days and a FEEL condition; the form's own checks and the API's
 * problems appear beside the condition they name; a created plan opens again in the form, its
 * conditions are changed and saved (PATCH), read back, and removed.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;
const PLAN = `cond-${Date.now().toString(36)}`;
const form = '[data-testid=plan-form]';

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-plan-cond');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  await request(api.app)
    .post('/strategies')
    .set(api.auth('process-owner'))
    .send({ id: 'cond-calls', name: 'Calls', channels: ['phone'], timeZone: 'Asia/Shanghai', windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }], requiredSkills: [], maxAttempts: 2, retrySpacingMs: 60_000 })
    .expect(201);
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

const stored = async (): Promise<{ name: string; conditions?: Record<string, unknown> }> =>
  (await request(api.app).get(`/plans/${PLAN}`).set(api.auth('auditor')).expect(200)).body as { name: string; conditions?: Record<string, unknown> };

test('when a plan is created with extra conditions, then bad ones are shown beside their field and good ones are stored', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/campaigns`);
  await page.click('[data-action=new-plan]');
  await page.fill(`${form} input[name=code]`, PLAN);
  await page.fill(`${form} input[name=name]`, 'Gold care calls');
  await page.waitForSelector(`${form} select[name=strategyId] option[value=cond-calls]`, { state: 'attached' });
  await page.check(`${form} input[name=conditionConsent][value=sms]`);
  await page.check(`${form} input[name=conditionConsent][value=voice]`);
  await page.fill(`${form} input[name=segments]`, 'gold, platinum');
  await page.fill(`${form} input[name=notContactedWithinDays]`, '0');
  await page.fill(`${form} input[name=expression]`, 'customer.segment = (');

  // The form's own check: the days are refused before anything is sent.
  await page.click('[data-action=create-plan]');
  await page.waitForSelector(`${form} [data-error-for="conditions.notContactedWithinDays"]:not(:empty)`);
  expect(await page.textContent(`${form} [data-error-for="conditions.notContactedWithinDays"]`)).toBe('A whole number of days from 1 to 3650.');
  await request(api.app).get(`/plans/${PLAN}`).set(api.auth('auditor')).expect(404);

  // The API's check: its problem names body.conditions.expression, shown beside the expression.
  await page.fill(`${form} input[name=notContactedWithinDays]`, '30');
  await page.click('[data-action=create-plan]');
  await page.waitForSelector(`${form} [data-error-for="conditions.expression"]:not(:empty)`);
  expect(await page.textContent(`${form} [data-error-for="conditions.expression"]`)).toContain('not a FEEL expression');
  expect(await page.textContent(`${form} [data-error-for="conditions.notContactedWithinDays"]`)).toBe('');
  await snap(page, '50-plan-conditions-errors');

  await page.fill(`${form} input[name=expression]`, 'customer.segment != null');
  await page.click('[data-action=create-plan]');
  await page.waitForSelector(`tr[data-plan="${PLAN}"]`);
  expect((await stored()).conditions).toEqual({ consent: ['sms', 'voice'], segments: ['gold', 'platinum'], notContactedWithinDays: 30, expression: 'customer.segment != null' });
}, 120_000);

test('when the created plan is edited, then the form shows its conditions, saves the changes and can remove them', async () => {
  const { page } = browser;
  await page.click(`tr[data-plan="${PLAN}"] [data-action=edit]`);
  await page.waitForSelector(`${form}[data-mode=edit]`);
  expect(await page.inputValue(`${form} input[name=code]`)).toBe(PLAN);
  expect(await page.isChecked(`${form} input[name=conditionConsent][value=sms]`)).toBe(true);
  expect(await page.isChecked(`${form} input[name=conditionConsent][value=voice]`)).toBe(true);
  expect(await page.isChecked(`${form} input[name=conditionConsent][value=email]`)).toBe(false);
  expect(await page.inputValue(`${form} input[name=segments]`)).toBe('gold, platinum');
  expect(await page.inputValue(`${form} input[name=notContactedWithinDays]`)).toBe('30');
  expect(await page.inputValue(`${form} input[name=expression]`)).toBe('customer.segment != null');
  // Fixed once created: no strategy or targets in the edit form.
  expect(await page.locator(`${form} select[name=strategyId], ${form} select[name=targetKind]`).count()).toBe(0);

  await page.fill(`${form} input[name=name]`, 'Gold care calls (email too)');
  await page.uncheck(`${form} input[name=conditionConsent][value=voice]`);
  await page.check(`${form} input[name=conditionConsent][value=email]`);
  await page.fill(`${form} input[name=segments]`, 'gold');
  await page.fill(`${form} input[name=notContactedWithinDays]`, '');
  await page.click('[data-action=save-plan]');
  await page.waitForSelector(`${form}`, { state: 'detached' });
  const after = await stored();
  expect(after.name).toBe('Gold care calls (email too)');
  expect(after.conditions).toEqual({ consent: ['sms', 'email'], segments: ['gold'], expression: 'customer.segment != null' });

  // Opened again, the form reads back what was saved; emptied, the plan has no conditions left.
  await page.click(`tr[data-plan="${PLAN}"] [data-action=edit]`);
  await page.waitForSelector(`${form}[data-mode=edit]`);
  expect(await page.inputValue(`${form} input[name=segments]`)).toBe('gold');
  expect(await page.isChecked(`${form} input[name=conditionConsent][value=email]`)).toBe(true);
  await snap(page, '51-plan-conditions-edit');
  await page.uncheck(`${form} input[name=conditionConsent][value=sms]`);
  await page.uncheck(`${form} input[name=conditionConsent][value=email]`);
  await page.fill(`${form} input[name=segments]`, '');
  await page.fill(`${form} input[name=expression]`, '');
  await page.click('[data-action=save-plan]');
  await page.waitForSelector(`${form}`, { state: 'detached' });
  expect((await stored()).conditions).toBeUndefined();
}, 120_000);

test('when an operator opens the campaigns page, then a created plan offers no edit button', async () => {
  const { page } = browser;
  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'operator-user', PASSWORD);
  await page.goto(`${base}/#/campaigns`);
  await page.waitForSelector(`tr[data-plan="${PLAN}"] [data-action=start]`);
  expect(await page.locator(`tr[data-plan="${PLAN}"] [data-action=edit]`).count()).toBe(0);
}, 60_000);
