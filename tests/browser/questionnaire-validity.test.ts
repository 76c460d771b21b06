/**
 * A questionnaire's answer-sheet validity rules edited in the questionnaire screen (real API on
 * FerretDB, Chromium): a contradictory rule is named beside its field and nothing is saved, good
 * rules are stored and read back; answer sheets recorded through the API show their validity flag
 * and reasons in the answers view, and the statistics count valid sheets only unless asked.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;
const CODE = 'VAL-1';
const rules = '[data-testid=validity-rules]';

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-q-validity');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  await request(api.app)
    .post('/questionnaires')
    .set(api.auth('process-owner'))
    .send({
      code: CODE,
      name: 'After the visit',
      provider: { department: 'Quality', designer: 'li.wei' },
      questions: [
        { id: 'q1', number: 1, text: 'Were you satisfied?', type: 'single', required: true, options: [{ code: 'y', text: 'Yes' }, { code: 'n', text: 'No' }] },
        { id: 'q2', number: 2, text: 'Anything to add?', type: 'open', required: false },
      ],
    })
    .expect(201);
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

const storedValidity = async (): Promise<unknown> => ((await request(api.app).get(`/questionnaires/${CODE}`).set(api.auth('auditor')).expect(200)).body as { validity?: unknown }).validity;

test('when validity rules are edited, then a contradictory one is named beside its field and good ones are stored and read back', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/campaigns/questionnaires/${CODE}`);
  await page.waitForSelector(`h1:has-text("${CODE}")`);
  await page.fill(`${rules} input[name=minAnswered]`, '1');
  await page.fill(`${rules} input[name=minDuration]`, '10');
  await page.fill(`${rules} input[name=maxDuration]`, '5');
  await page.click('[data-action=save-questionnaire]');
  await page.waitForSelector(`${rules} [data-error-for="validity.maxDurationMs"]:not(:empty)`);
  expect(await page.textContent(`${rules} [data-error-for="validity.maxDurationMs"]`)).toBe('Must not be below the fastest allowed time.');
  expect(await storedValidity()).toBeUndefined();

  await page.fill(`${rules} input[name=maxDuration]`, '600');
  await page.click('[data-action=save-questionnaire]');
  await page.waitForSelector('.toast-success:has-text("Saved VAL-1")');
  expect(await storedValidity()).toEqual({ minAnswered: 1, minDurationMs: 10_000, maxDurationMs: 600_000 });
  expect(await page.textContent(`${rules} [data-error-for="validity.maxDurationMs"]`)).toBe('');

  // Read back after a fresh load of the page.
  await page.goto(`${base}/#/campaigns/questionnaires`);
  await page.goto(`${base}/#/campaigns/questionnaires/${CODE}`);
  await page.waitForSelector(`h1:has-text("${CODE}")`);
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid=validity-rules] input[name=maxDuration]')?.value === '600');
  expect(await page.inputValue(`${rules} input[name=minAnswered]`)).toBe('1');
  expect(await page.inputValue(`${rules} input[name=minDuration]`)).toBe('10');
  expect(await page.isChecked(`${rules} input[name=requireComplete]`)).toBe(true);
  await snap(page, '52-questionnaire-validity-rules');
}, 120_000);

test('when sheets are answered, then the answers view flags each as valid or not with the reasons, and the statistics count valid ones unless asked', async () => {
  const { page } = browser;
  const now = Date.now();
  const sheet = (id: string, tookMs: number, choice: string, planId: string) => ({ id, respondent: `cust-${id}`, planId, startedAt: now - tookMs, answeredAt: now, answers: [{ questionId: 'q1', options: [choice] }, { questionId: 'q2', text: `said ${id}` }] });
  const ok = await request(api.app).post(`/questionnaires/${CODE}/sheets`).set(api.auth('agent')).send(sheet('s-ok', 60_000, 'y', 'P-A')).expect(201);
  expect((ok.body as { valid: boolean }).valid).toBe(true);
  const fast = await request(api.app).post(`/questionnaires/${CODE}/sheets`).set(api.auth('agent')).send(sheet('s-fast', 2_000, 'n', 'P-B')).expect(201);
  expect((fast.body as { valid: boolean }).valid).toBe(false);

  await page.click('[data-action=answers]');
  const view = '[data-testid=questionnaire-answers]';
  await page.waitForSelector(`${view} tr[data-sheet=s-fast]`);
  expect(await page.getAttribute(`${view} tr[data-sheet=s-ok]`, 'data-valid')).toBe('true');
  expect(await page.textContent(`${view} tr[data-sheet=s-ok] [data-testid=valid-flag]`)).toBe('valid');
  expect(await page.getAttribute(`${view} tr[data-sheet=s-fast]`, 'data-valid')).toBe('false');
  expect(await page.textContent(`${view} tr[data-sheet=s-fast] [data-testid=valid-flag]`)).toBe('invalid');
  expect(await page.textContent(`${view} tr[data-sheet=s-fast] li[data-reason=too-fast]`)).toContain('at least 10000 ms');

  // Valid sheets only (the default): the fast "No" is not counted.
  expect(await page.textContent(`${view} [data-testid=counted]`)).toBe('1 of 2 sheets counted');
  expect(await page.getAttribute(`${view} [data-stat=q1] [data-option=y]`, 'data-count')).toBe('1');
  expect(await page.getAttribute(`${view} [data-stat=q1] [data-option=n]`, 'data-count')).toBe('0');
  await snap(page, '53-questionnaire-answers');

  await page.uncheck(`${view} [data-testid=answers-valid-only]`);
  await page.waitForSelector(`${view} [data-testid=counted]:has-text("2 of 2")`);
  expect(await page.getAttribute(`${view} [data-stat=q1] [data-option=n]`, 'data-count')).toBe('1');

  // One plan's sheets only.
  await page.fill(`${view} [data-testid=answers-plan]`, 'P-A');
  await page.press(`${view} [data-testid=answers-plan]`, 'Enter');
  await page.waitForSelector(`${view} tr[data-sheet=s-fast]`, { state: 'detached' });
  expect(await page.locator(`${view} tr[data-sheet]`).count()).toBe(1);
  expect(await page.textContent(`${view} [data-testid=counted]`)).toBe('1 of 1 sheets counted');

  // In Chinese: the rules and the flag speak it too.
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector(`${rules} legend:has-text("答卷有效性规则")`);
  await page.click('[data-action=answers]');
  await page.waitForSelector(`${view} tr[data-sheet=s-fast] [data-testid=valid-flag]:has-text("无效")`);
  await page.selectOption('[data-testid=lang]', 'en');
}, 120_000);
