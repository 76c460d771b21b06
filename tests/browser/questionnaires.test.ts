/**
 * The proactive-service screens on the real stack (API on FerretDB, built modeler, Chromium):
 * a strategy made through its form (a bad time zone shown beside its field, a change logged as
 * version 2); a branching questionnaire built in the tree editor, reordered, and its agent script
 * previewed along a branch; a plan created from the form with an uploaded CSV list; a customer link
 * issued from the plan and answered on the public page without an account, once.
 */
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { questionnaireToCsv } from '../../api/questionnaires/questionnaires.csv';
import { surveyFixture } from '../unit/questionnaire/fixture';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;
const RUN = Date.now().toString(36);
const PLAN = `qp-${RUN}`;
let linkUrl = '';

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-quest');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

test('when a process owner fills the strategy form, then API problems show beside the field and a change becomes version 2', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/campaigns/strategies`);
  await page.click('[data-action=new-strategy]');
  const form = '[data-testid=strategy-form]';
  await page.fill(`${form} input[name=id]`, 'calls');
  await page.fill(`${form} input[name=name]`, 'Weekday calls');
  await page.fill(`${form} input[name=timeZone]`, 'Mars/Base');
  await page.click('[data-action=save-strategy]');
  await page.waitForSelector('[data-error-for=timeZone]:has-text("IANA")');
  expect(await page.textContent('[data-error-for=windows]')).toBe('');

  await page.fill(`${form} input[name=timeZone]`, 'Asia/Shanghai');
  await page.fill(`${form} textarea[name=holidays]`, '2026-10-01\n2026-10-02');
  await page.click('[data-action=save-strategy]');
  await page.waitForSelector('tr[data-strategy=calls]');
  const v1 = (await request(api.app).get('/strategies/calls').set(api.auth('admin')).expect(200)).body as { version: number; strategy: { holidays: string[]; windows: unknown[]; channels: string[] } };
  expect(v1).toMatchObject({ version: 1, strategy: { holidays: ['2026-10-01', '2026-10-02'], channels: ['phone', 'sms'], windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }] } });

  // The form now edits v1: a Saturday window and a note make version 2.
  await page.click('[data-action=add-window]');
  await page.fill(`${form} input[name=maxAttempts]`, '5');
  await page.fill(`${form} input[name=note]`, 'Saturdays too');
  await page.click('[data-action=save-strategy]');
  await page.waitForSelector(`${form} h2:has-text("v2")`);
  await page.click('tr[data-strategy=calls] [data-action=versions]');
  await page.waitForSelector('[data-testid=strategy-versions] tr[data-version="2"]');
  expect(await page.textContent('[data-testid=strategy-versions] tr[data-version="2"]')).toContain('Saturdays too');
  expect(await page.textContent('[data-testid=strategy-versions] tr[data-version="2"]')).toMatch(/maxAttempts/);
  await snap(page, '50-strategies');

  // A template is offered for copying: the copy starts at v1 and records where it came from.
  await request(api.app).post('/strategies').set(api.auth('process-owner')).send({ id: 'tpl-weekend', name: 'Weekend template', template: true, channels: ['sms'], timeZone: 'Asia/Shanghai', windows: [{ weekdays: [6, 7], hours: [{ start: '10:00', end: '16:00' }] }], maxAttempts: 2, retrySpacingMs: 0 }).expect(201);
  await page.reload();
  await page.click('tr[data-strategy=tpl-weekend] [data-action=copy]');
  await page.fill('.dialog input[name=id]', 'weekend-calls');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector(`${form} h2:has-text("weekend-calls")`);
  const copy = (await request(api.app).get('/strategies/weekend-calls').set(api.auth('admin')).expect(200)).body as { version: number; template: boolean; copiedFrom: string; strategy: { channels: string[] } };
  expect(copy).toMatchObject({ version: 1, template: false, copiedFrom: 'tpl-weekend:1', strategy: { channels: ['sms'] } });
});

test('when a questionnaire is built in the tree editor, then branches, reorder and the script preview follow the tree', async () => {
  const { page } = browser;
  await page.goto(`${base}/#/campaigns/questionnaires`);
  await page.click('[data-action=new-questionnaire]');
  const header = '[data-testid=questionnaire-header]';
  await page.fill(`${header} input[name=code]`, 'SURVEY-1');
  await page.fill(`${header} input[name=name]`, 'After repair');
  await page.fill(`${header} input[name=department]`, 'Quality');
  await page.fill(`${header} input[name=designer]`, 'li.wei');

  const addChoice = async (id: string, text: string, options: string[]): Promise<void> => {
    await page.click('[data-action=add-question]');
    await page.fill(`[data-q-text=${id}]`, text);
    for (let j = 0; j < options.length; j++) {
      await page.click(`[data-question=${id}] [data-action=add-option]`);
      await page.fill(`[data-o-text="${id}/${j}"]`, options[j]);
    }
  };
  await addChoice('q1', 'Were you satisfied?', ['Yes', 'No']);
  await page.click('[data-action=add-question]');
  await page.fill('[data-q-text=q2]', 'What went wrong?');
  await page.selectOption('[data-q-type=q2]', 'open');
  await addChoice('q3', 'Would you recommend us?', ['Yes', 'No']);

  // Saving with an empty option text: the API names the question, shown on its card.
  await page.click('[data-question=q3] [data-action=add-option]');
  await page.click('[data-action=save-questionnaire]');
  await page.waitForSelector('[data-q-error=q3]:not(:empty)');
  await page.click('[data-question=q3] [title="Remove option"] >> nth=2');

  // Branch in the tree: "Yes" on q1 skips to q3; "No" goes on to q2 by default.
  await page.selectOption('select[data-branch="q1/a"]', 'q3');
  await page.click('[data-action=save-questionnaire]');
  await page.waitForSelector('h1:has-text("SURVEY-1")');
  await page.waitForSelector('[data-edge="q1/a"] [data-tree-node=q3]');
  expect(await page.$('[data-edge="q1"] [data-tree-node=q2]')).not.toBeNull();
  expect(await page.$('[data-testid=unreached]')).toBeNull();
  const saved = (await request(api.app).get('/questionnaires/SURVEY-1').set(api.auth('admin')).expect(200)).body as { questions: { id: string; options?: { code: string; next?: string }[] }[] };
  expect(saved.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
  expect(saved.questions[0].options).toEqual([{ code: 'a', text: 'Yes', next: 'q3' }, { code: 'b', text: 'No' }]);

  // Reorder through the route: q3 up above q2; the branches keep their paths.
  await page.click('[data-question=q3] [data-action=up]');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=question-cards] > [data-question]')).map((e) => e.getAttribute('data-question')).join() === 'q1,q3,q2');
  const reordered = (await request(api.app).get('/questionnaires/SURVEY-1').set(api.auth('admin')).expect(200)).body as { questions: { id: string; number: number }[] };
  expect(reordered.questions.map((q) => `${q.id}:${q.number}`)).toEqual(['q1:1', 'q3:2', 'q2:3']);
  // Dragging q2 by its handle onto q3's card moves it there (the same route), and back with ↓.
  // (Drag events dispatched with one DataTransfer: headless Chromium does not run a native drag session.)
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent('[data-drag=q2]', 'dragstart', { dataTransfer });
  await page.dispatchEvent('[data-question=q3]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-question=q3]', 'drop', { dataTransfer });
  await page.dispatchEvent('[data-drag=q2]', 'dragend', { dataTransfer });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=question-cards] > [data-question]')).map((e) => e.getAttribute('data-question')).join() === 'q1,q2,q3');
  await page.click('[data-question=q2] [data-action=down]');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=question-cards] > [data-question]')).map((e) => e.getAttribute('data-question')).join() === 'q1,q3,q2');
  await snap(page, '51-questionnaire-tree');

  // The agent's script follows the "Yes" branch: q1 → q3 → end, never asking q2.
  await page.click('[data-action=preview]');
  await page.waitForSelector('[data-testid=script-question][data-question=q1]');
  await page.check('[data-testid=script-question] input[data-option=a]');
  await page.click('[data-action=script-next]');
  await page.waitForSelector('[data-testid=script-question][data-question=q3]');
  await page.check('[data-testid=script-question] input[data-option=b]');
  await page.click('[data-action=script-next]');
  await page.waitForSelector('[data-testid=script-end]');
  expect(await page.$$eval('[data-testid=script-path] li', (els) => els.map((e) => e.getAttribute('data-asked')))).toEqual(['q1', 'q3']);
  // And the "No" branch asks q2.
  await page.click('[data-action=script-restart]');
  await page.check('[data-testid=script-question][data-question=q1] input[data-option=b]');
  await page.click('[data-action=script-next]');
  await page.waitForSelector('[data-testid=script-question][data-question=q2]');
  await snap(page, '52-script-preview');
});

test('when a plan is created from the form with a CSV list, then an operator can issue a customer link for a target', async () => {
  const { page } = browser;
  await page.goto(`${base}/#/campaigns`);
  await page.click('[data-action=new-plan]');
  const form = '[data-testid=plan-form]';
  await page.fill(`${form} input[name=code]`, PLAN);
  await page.fill(`${form} input[name=name]`, 'Repair follow-up');
  await page.waitForSelector(`${form} select[name=strategyId] option[value=calls]`, { state: 'attached' });
  await page.waitForSelector(`${form} select[name=questionnaireCode] option[value=SURVEY-1]`, { state: 'attached' });
  await page.selectOption(`${form} select[name=questionnaireCode]`, 'SURVEY-1');
  await page.selectOption(`${form} select[name=targetKind]`, 'csv');
  await page.setInputFiles('[data-testid=plan-csv]', { name: 'targets.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFFcustomerId,priority\r\ncust-1,5\r\ncust-2,1\r\n') });
  await page.fill(`${form} input[name=concurrency]`, '0');
  await page.click('[data-action=create-plan]');
  await page.waitForSelector('[data-error-for=concurrency]:not(:empty)');
  await page.fill(`${form} input[name=concurrency]`, '2');
  await page.click('[data-action=create-plan]');
  await page.waitForSelector(`tr[data-plan="${PLAN}"]`);
  const plan = (await request(api.app).get(`/plans/${PLAN}`).set(api.auth('admin')).expect(200)).body as { targets: number; strategyId: string; service: { questionnaireCode: string }; concurrency: number };
  expect(plan).toMatchObject({ targets: 2, strategyId: 'calls', service: { questionnaireCode: 'SURVEY-1' }, concurrency: 2 });

  await signInAs(page, base, 'operator-user', PASSWORD);
  await page.goto(`${base}/#/campaigns`);
  await page.click(`tr[data-plan="${PLAN}"] [data-action=link]`);
  await page.fill('.dialog input[name=customerId]', 'cust-1');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('[data-testid=customer-link-url]');
  linkUrl = await page.inputValue('[data-testid=customer-link-url]');
  expect(linkUrl).toMatch(new RegExp(`^${base}/#/answer/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
});

test('when a customer opens the link without an account, then they answer along the branches once', async () => {
  const { page } = browser;
  await page.evaluate(() => localStorage.clear());
  await page.goto(linkUrl);
  await page.waitForSelector('[data-testid=answer-question][data-question=q1]');
  expect(await page.$('.app-header')).toBeNull();
  await page.check('[data-testid=answer-question] input[data-option=b]');
  await page.click('[data-action=answer-next]');
  await page.waitForSelector('[data-testid=answer-question][data-question=q2]');
  await page.fill('[data-testid=answer-question] textarea', 'The engineer came late');
  await page.click('[data-action=answer-next]');
  await page.waitForSelector('[data-testid=answer-question][data-question=q3]');
  // Required: nothing chosen is refused on the page.
  await page.click('[data-action=answer-next]');
  await page.waitForSelector('[data-testid=answer-error]:has-text("Please answer")');
  await page.check('[data-testid=answer-question] input[data-option=a]');
  await page.click('[data-action=answer-next]');
  await page.click('[data-action=submit-answers]');
  await page.waitForSelector('[data-testid=answer-thanks]');
  await snap(page, '53-customer-link');

  const sheets = (await request(api.app).get(`/questionnaires/SURVEY-1/sheets?planId=${PLAN}`).set(api.auth('admin')).expect(200)).body as { respondent: string; valid: boolean; answers: { questionId: string }[] }[];
  expect(sheets).toHaveLength(1);
  expect(sheets[0]).toMatchObject({ respondent: 'cust-1', valid: true });
  expect(sheets[0].answers.map((a) => a.questionId)).toEqual(['q1', 'q2', 'q3']);

  // Opening the link again: already answered, in the customer's language too.
  await page.reload();
  await page.waitForSelector('[data-testid=answer-used]');
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('[data-testid=answer-used]:has-text("已收到")');
  await page.selectOption('[data-testid=lang]', 'en');
  // A broken link says so.
  await page.goto(`${base}/#/answer/not.a.token`);
  await page.waitForSelector('[data-testid=answer-invalid]');
});

test('when a spreadsheet is imported, then bad cells are listed by row and column; a good one opens in the editor, takes copied questions, exports and archives', async () => {
  const { page } = browser;
  await signInAs(page, base, 'process-owner-user', PASSWORD);
  await page.goto(`${base}/#/campaigns/questionnaires`);
  const { validFrom: _f, validUntil: _u, ...fixture } = surveyFixture();
  const good = questionnaireToCsv({ ...fixture, code: 'CSV-1', name: '回访满意度调查', provider: { department: '质量部', designer: '李伟' } });
  const lines = good.split('\r\n');
  const q2 = lines.findIndex((l) => l.startsWith('question,q2,'));
  lines[q2] = lines[q2].replace(',multiple,', ',ranking,');
  await page.setInputFiles('[data-testid=q-import]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await page.waitForSelector(`[data-error-for=_form]:has-text("row ${q2 + 1}, column type")`);

  await page.setInputFiles('[data-testid=q-import]', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.waitForSelector('h1:has-text("CSV-1 · 回访满意度调查")');
  expect(await page.$$eval('[data-testid=question-cards] > [data-question]', (els) => els.length)).toBe(5);

  await page.click('[data-action=copy-questions]');
  await page.selectOption('.dialog select[name=from]', 'SURVEY-1');
  await page.fill('.dialog input[name=ids]', 'q1');
  await page.click('.dialog button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=question-cards] > [data-question]').length === 6);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-csv]')]);
  expect(download.suggestedFilename()).toBe('CSV-1.csv');
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('meta,name,,,,回访满意度调查');
  expect(bytes.toString('utf8')).toContain('Were you satisfied?');

  await page.click('[data-action=archive]');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('[data-testid=archived]');
  expect(await page.isDisabled('[data-action=save-questionnaire]')).toBe(true);
  const stored = (await request(api.app).get('/questionnaires/CSV-1').set(api.auth('admin')).expect(200)).body as { status: string; questions: unknown[] };
  expect(stored).toMatchObject({ status: 'archived' });
  expect(stored.questions).toHaveLength(6);
});
