/**
 * The complaint screens on the real stack (API + Temporal worker running the default complaint
 * process, FerretDB, simulator channels): an agent registers a complaint in the UI (a double click
 * still opens one case), finds it in the list with its SLA badge, opens the detail (timeline and
 * clocks), replies from the UI and sees the status change; the monthly report draws its charts,
 * live and as stored by the summary workflow; the screens speak Chinese after the switch; an
 * auditor sees no write buttons.
 */
import type { Server } from 'node:http';
import { complaints, departments, insertComplaint } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { users } from '../../store/users';
import { MONTHLY_SUMMARY_WORKFLOW } from '../../workflows/complaints/messages';
import type { complaintMonthlySummary } from '../../workflows/complaints/monthly-summary';
import { startWorker, type RunningWorker } from '../../worker/main';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

let api: TestApi;
let worker: RunningWorker;
let server: Server;
let base: string;
let browser: RunningBrowser;
const run = Date.now().toString(36);
const customerId = `cust-ui-${run}`;
/** The month of "now" at the service centre (UTC+8), as the report page picks it by default. */
const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
let complaintId = '';

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-cmp');
  worker = await startWorker(api.config);
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  // Billing complaints go to the billing department, whose only agent is agent-user.
  await users(api.db).updateOne({ _id: api.userIds.agent }, { $set: { department: 'billing', skills: ['billing'] } });
  await departments(api.db).create({ _id: 'billing', name: 'Billing', supervisor: 'sup-billing', head: 'head-billing', skills: ['billing'] });
  await customers(api.db).create({ _id: customerId, name: 'Qian Wei', phones: ['+8613900001111'], emails: ['qian@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });
}, 240_000);

afterAll(() => closeBrowserStack({ browser, server, worker, api }));

test('when an agent registers a complaint in the UI (double click), then one case opens, the list shows its SLA badge, the detail its timeline and clocks, and a reply from the UI moves it to replied', async () => {
  const { page } = browser;
  await signInAs(page, base, 'agent-user', PASSWORD);
  await page.click('[data-nav=complaints]');
  await page.click('[data-tab=new]');
  await page.fill('.complaint-form input[name=customerId]', customerId);
  await page.selectOption('.complaint-form select[name=channel]', 'email');
  await page.fill('.complaint-form input[name=subject]', 'Double charge');
  await page.fill('.complaint-form textarea[name=text]', 'You charged my bill twice this month');
  await page.dblclick('[data-action=submit-complaint]');
  await page.waitForURL(/#\/complaints\/cmp-/);
  complaintId = decodeURIComponent(page.url().split('#/complaints/')[1]);
  expect(await complaints(api.db).countDocuments({ customerId })).toBe(1);

  // The page follows the process by itself: classified, then assigned to the billing agent.
  await page.waitForSelector('.complaint-status[data-status=assigned]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=assigned]');
  for (const kind of ['received', 'classified', 'assigned']) expect(await page.locator(`[data-testid=complaint-timeline] li[data-event=${kind}]`).count()).toBe(1);
  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=reply][data-state=running]');
  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=resolution][data-state=running]');
  expect(await page.textContent('[data-testid=sla-clocks] tr[data-clock=reply] [data-testid=clock-remaining]')).toMatch(/\d+ (h|min)/);
  expect(await page.textContent('[data-testid=complaint-facts]')).toContain('billing');
  await snap(page, '40-complaint-assigned');

  // The list: the complaint with its SLA badge, and the filters narrow it in and out.
  await page.click('[data-tab=list]');
  const row = page.locator(`tr[data-row="${complaintId}"]`);
  await row.waitFor();
  expect(await row.locator('.sla-badge').getAttribute('data-sla')).toBe('running');
  expect(await row.locator('.sla-badge').textContent()).toBe('running');
  await page.selectOption('[data-filter=channel]', 'sms');
  await page.waitForURL(/channel=sms/);
  await page.waitForSelector('[data-testid=complaint-list] p.empty');
  await page.selectOption('[data-filter=channel]', 'email');
  await page.fill('[data-filter=customerId]', customerId);
  await page.click('.complaint-filters button[type=submit]');
  await page.waitForURL(new RegExp(`customerId=${customerId}`));
  await row.waitFor();
  expect(await page.textContent('[data-testid=pager]')).toContain('1 complaints');
  await snap(page, '41-complaint-list');

  // Reply from the detail: the status moves to replied, the reply clock is met.
  await page.click(`a[data-complaint="${complaintId}"]`);
  await page.fill('[data-testid=reply-form] textarea[name=replyText]', 'We refunded the second charge.');
  await page.click('[data-action=send-reply]');
  await page.waitForSelector('.complaint-status[data-status=replied]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=replied]');
  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=reply][data-state=met]');
  expect(await page.textContent('[data-testid=complaint-replies]')).toContain('We refunded the second charge.');
  expect(await page.locator('[data-testid=reply-form]').count()).toBe(0);
  await snap(page, '42-complaint-replied');
}, 180_000);

test('when the month has complaints, then the report page draws its charts from the live figures and from the summary the workflow stored', async () => {
  const { page } = browser;
  await page.goto(`${base}/#/complaints/reports`);
  expect(await page.inputValue('[data-testid=report-month]')).toBe(month);
  await page.waitForSelector('[data-testid=chart-categories][data-rendered=true] canvas');
  await page.waitForSelector('[data-testid=chart-compliance][data-rendered=true] canvas');
  expect(await page.textContent('[data-testid=report-table] tr[data-department=billing] [data-cell=received]')).toBe('1');
  await snap(page, '43-complaint-report-live');

  await page.selectOption('[data-testid=report-source]', 'stored');
  await page.waitForSelector('[data-testid=report-empty]');
  await api.temporal.workflow.execute<typeof complaintMonthlySummary>(MONTHLY_SUMMARY_WORKFLOW, { taskQueue: api.config.TEMPORAL_TASK_QUEUE, workflowId: `ui-summary-${run}`, args: [{ month }] });
  await page.click('.page button:has-text("Refresh")');
  await page.waitForSelector('[data-testid=stored-at]');
  await page.waitForSelector('[data-testid=chart-categories][data-rendered=true] canvas');
  expect(await page.textContent('[data-testid=report-table] tr[data-department=billing] [data-cell=received]')).toBe('1');
}, 120_000);

test('when the language is switched to Chinese, then the complaint screens show Chinese labels', async () => {
  const { page } = browser;
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  await page.waitForSelector('.page-title:has-text("投诉月度报表")');
  expect(await page.textContent('[data-nav=complaints]')).toBe('投诉');
  await page.goto(`${base}/#/complaints`);
  const badge = page.locator(`tr[data-row="${complaintId}"] .sla-badge`);
  await badge.waitFor();
  expect(await badge.textContent()).toBe('计时中');
  expect(await page.textContent('[data-testid=complaint-list] thead')).toContain('投诉编号');
  await page.goto(`${base}/#/complaints/${encodeURIComponent(complaintId)}`);
  await page.waitForSelector('[data-testid=sla-clocks] :text("答复时限")');
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=replied] :text("答复")');
  await snap(page, '44-complaint-zh-CN');
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForSelector('.page-title:has-text("Complaint")');
}, 60_000);

test('when an auditor opens the complaint, then the screens show it read-only: no submit tab, no reply form, no reopen', async () => {
  const { page } = browser;
  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'auditor-user', PASSWORD);
  await page.goto(`${base}/#/complaints/${encodeURIComponent(complaintId)}`);
  await page.waitForSelector('[data-testid=read-only]');
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=replied]');
  expect(await page.locator('[data-tab=new]').count()).toBe(0);
  expect(await page.locator('[data-testid=reply-form], [data-testid=customer-info-form], [data-action=reopen]').count()).toBe(0);
  // The address is masked for auditors.
  expect(await page.textContent('[data-testid=complaint-facts]')).toContain('q***@example.com');
}, 60_000);

test('when the agent records the customer\'s rating and the complaint closes, then the agent reopens it from the UI with a reason and it goes back to the owner', async () => {
  const { page } = browser;
  await page.click('button:has-text("Sign out")');
  await signInAs(page, base, 'agent-user', PASSWORD);
  await page.goto(`${base}/#/complaints/${encodeURIComponent(complaintId)}`);
  await page.selectOption('[data-testid=survey-form] select[name=score]', '4');
  await page.fill('[data-testid=survey-form] input[name=comment]', 'quick refund');
  await page.click('[data-action=record-survey]');
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=closed]', { timeout: 60_000 });
  await page.waitForSelector('.complaint-status[data-status=closed]');
  expect((await complaints(api.db).findById(complaintId).lean())?.satisfaction).toMatchObject({ score: 4, satisfied: true, comment: 'quick refund' });
  await page.click('[data-action=reopen]');
  // A reason is required: the empty field is invalid, so the form cannot be confirmed without one.
  await page.waitForSelector('.dialog textarea[name=reason]:invalid');
  await page.fill('.dialog textarea[name=reason]', 'The second charge is back on my bill');
  await page.click('.dialog button[type=submit]');
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=reopened]', { timeout: 60_000 });
  await page.waitForSelector('.complaint-status[data-status=assigned]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=reply][data-round="1"]');
  await page.waitForSelector('[data-testid=reply-form]');
  const doc = await complaints(api.db).findById(complaintId).lean();
  expect(doc?.round).toBe(1);
  expect(doc?.timeline.find((e) => e.kind === 'reopened')?.detail).toContain('The second charge is back on my bill');
  await snap(page, '45-complaint-reopened');
}, 120_000);

test('when more complaints match than fit on a page, then the list pages through them', async () => {
  const { page } = browser;
  const who = `cust-many-${run}`;
  const at = Date.now();
  for (let i = 0; i < 23; i++) {
    await insertComplaint(api.db, { _id: `ui-page-${run}-${i}`, customerId: who, channel: 'web', replyChannel: 'web', replyTo: who, text: `question ${i}`, receivedAt: new Date(at - i * 60_000) });
  }
  await page.goto(`${base}/#/complaints?customerId=${who}`);
  await page.waitForSelector(`tr[data-row="ui-page-${run}-0"]`);
  expect(await page.textContent('[data-testid=pager]')).toBe('Page 1 of 2 · 23 complaints');
  expect(await page.locator('[data-testid=complaint-list] tbody tr').count()).toBe(20);
  expect(await page.isDisabled('[data-action=prev]')).toBe(true);
  await page.click('[data-action=next]');
  await page.waitForSelector(`tr[data-row="ui-page-${run}-22"]`);
  expect(await page.textContent('[data-testid=pager]')).toBe('Page 2 of 2 · 23 complaints');
  expect(await page.locator('[data-testid=complaint-list] tbody tr').count()).toBe(3);
  expect(await page.isDisabled('[data-action=next]')).toBe(true);
}, 60_000);
