/**
 * The complaint screens stay live and carry the agent's classification override, on the real stack
 * (API + a Temporal worker running the default complaint process with a short urgent deadline on
 * the 24-hour duty line, FerretDB, simulator channels): the SLA warning and then the breach appear
 * on the open detail and list pages without a reload, a half-written reply survives the redraw,
 * the API's refusal of an override shows beside its field, and an accepted override is shown in
 * the timeline with who, when and what the rules had decided.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import request from 'supertest';
import { createActivities } from '../../activities';
import { simulatorChannels } from '../../activities/channels/simulator';
import { registerComplaintHandlers } from '../../activities/complaints/handlers';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { DEFAULT_POLICY } from '../../core/complaints';
import { complaints, departments } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { users } from '../../store/users';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { TEMPORAL_ADDRESS } from '../support/servers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

/** Urgent complaints: resolved within 40 s on the always-open duty line, warned at half of it. */
const URGENT_MS = 40_000;

let api: TestApi;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let server: Server;
let base: string;
let browser: RunningBrowser;
const run = Date.now().toString(36);
const customerId = `cust-live-${run}`;
let complaintId = '';

const noop = (): void => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-cmp-live');
  const policy = { ...DEFAULT_POLICY, sla: { ...DEFAULT_POLICY.sla, warnFraction: 0.5, resolution: { ...DEFAULT_POLICY.sla.resolution, urgent: URGENT_MS } } };
  const handlers = registerComplaintHandlers(createHandlerRegistry(), {
    db: api.db,
    channels: simulatorChannels(),
    temporal: { client: () => Promise.resolve(api.temporal), taskQueue: api.config.TEMPORAL_TASK_QUEUE },
    policy,
  });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
  native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  worker = await Worker.create({ connection: native, taskQueue: api.config.TEMPORAL_TASK_QUEUE, workflowBundle, activities: createActivities({ db: api.db, handlers, complaintChannels: simulatorChannels() }) });
  running = worker.run();
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  // Security complaints (urgent by the rules) go to the security desk, whose only agent is agent-user.
  await users(api.db).updateOne({ _id: api.userIds.agent }, { $set: { department: 'security-desk', skills: ['security'] } });
  await departments(api.db).create({ _id: 'security-desk', name: 'Security desk', supervisor: 'sup-sec', head: 'head-sec', skills: ['security'] });
  await customers(api.db).create({ _id: customerId, name: 'Sun Li', phones: ['+8613900002222'], emails: ['sun@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });
}, 240_000);

afterAll(async () => {
  if (complaintId) await api.temporal.workflow.getHandle(complaintId).terminate('test over').catch(noop);
  await closeBrowserStack({
    browser,
    server,
    worker: {
      stop: async () => {
        worker?.shutdown();
        await running;
        await native?.close();
      },
    },
    api,
  });
});

test('when the SLA warning and then the breach fire, then the open detail and list pages show them without a reload, keeping a half-written reply', async () => {
  const { page } = browser;
  await signInAs(page, base, 'agent-user', PASSWORD);
  const res = await request(api.app).post('/complaints').set(api.auth('agent')).set('Idempotency-Key', `live-${run}`).send({ customerId, channel: 'email', text: 'My card was stolen and used abroad' }).expect(201);
  complaintId = (res.body as { complaintId: string }).complaintId;

  await page.goto(`${base}/#/complaints/${encodeURIComponent(complaintId)}`);
  await page.waitForSelector('[data-testid=reply-form]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=resolution][data-state=running]');
  // A reload or a navigation would drop this mark and the draft below.
  await page.evaluate(() => ((window as unknown as { liveMark: string }).liveMark = 'same page'));
  await page.fill('[data-testid=reply-form] textarea[name=replyText]', 'Draft: we blocked the card');
  const form = await page.$('[data-testid=reply-form] select[name=overridePriority]');
  expect(await form?.inputValue()).toBe('urgent');

  await page.waitForSelector('[data-testid=sla-clocks] tr[data-clock=resolution][data-state=warning]', { timeout: 60_000 });
  await page.waitForSelector('.toolbar .sla-badge[data-sla=warning]');
  await page.waitForSelector('[data-testid=complaint-timeline] li[data-event=sla-warning]');
  expect(await page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe('same page');
  expect(await page.inputValue('[data-testid=reply-form] textarea[name=replyText]')).toBe('Draft: we blocked the card');
  expect((await complaints(api.db).findById(complaintId).lean())?.slaState).toBe('warning');
  await snap(page, '46-complaint-live-warning');

  // The list (reached inside the app, not reloaded) turns the badge red at the breach by itself.
  await page.click('[data-tab=list]');
  const badge = page.locator(`tr[data-row="${complaintId}"] .sla-badge`);
  await badge.waitFor();
  expect(['warning', 'breached']).toContain(await badge.getAttribute('data-sla'));
  await page.waitForSelector(`tr[data-row="${complaintId}"] .sla-badge[data-sla=breached]`, { timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe('same page');
  expect((await complaints(api.db).findById(complaintId).lean())?.slaState).toBe('breached');
}, 240_000);

test('when the agent overrides the classification in the reply form, then a refused value shows beside its field, only changed fields are sent, and the timeline shows who, when and what the rules decided', async () => {
  const { page } = browser;
  await page.click(`a[data-complaint="${complaintId}"]`);
  await page.waitForSelector('[data-testid=reply-form]');
  expect(await page.inputValue('[data-testid=reply-form] select[name=overrideKind]')).toBe('complaint');
  expect(await page.inputValue('[data-testid=reply-form] input[name=overrideCategory]')).toBe('security');

  // The API refuses a malformed category; its problem names the field, and the page shows it there.
  await page.fill('[data-testid=reply-form] textarea[name=replyText]', 'We blocked the card and refunded the charges.');
  await page.fill('[data-testid=reply-form] input[name=overrideCategory]', 'card fraud!');
  await page.click('[data-action=send-reply]');
  await page.waitForSelector('[data-testid=reply-form] [data-error-for=overrideCategory]:not(:empty)');
  expect(await page.textContent('[data-testid=reply-form] [data-error-for=overrideCategory]')).toMatch(/letters, digits/);
  expect((await complaints(api.db).findById(complaintId).lean())?.status).toBe('assigned');

  // Category back as the rules had it; kind and priority changed: only those two go to the API.
  await page.fill('[data-testid=reply-form] input[name=overrideCategory]', 'security');
  await page.selectOption('[data-testid=reply-form] select[name=overrideKind]', 'consultation');
  await page.selectOption('[data-testid=reply-form] select[name=overridePriority]', 'high');
  const sent = page.waitForRequest((r) => r.url().endsWith(`/complaints/${complaintId}/reply`) && r.method() === 'POST');
  await page.click('[data-action=send-reply]');
  const body = (await sent).postDataJSON() as Record<string, unknown>;
  expect(body).toEqual({ replyText: 'We blocked the card and refunded the charges.', overrideKind: 'consultation', overridePriority: 'high' });

  const entry = page.locator('[data-testid=complaint-timeline] li[data-event=reclassified] [data-testid=override-entry]');
  await entry.waitFor({ timeout: 60_000 });
  const doc = await complaints(api.db).findById(complaintId).lean();
  expect(doc?.overrides).toHaveLength(1);
  const override = doc!.overrides[0];
  expect(override.to).toMatchObject({ kind: 'consultation', category: 'security', priority: 'high' });
  expect(await entry.locator('[data-testid=override-change]').textContent()).toBe('complaint / security / urgent → consultation / security / high');
  const who = await entry.textContent();
  expect(who).toContain(`by ${override.by} at ${await page.evaluate((at) => new Date(at).toLocaleString('en'), override.at.toISOString())}`);
  expect(who).toContain('the rules decided complaint / security / urgent');
  expect(await page.textContent('[data-testid=rule-result]')).toBe('complaint / security / urgent');
  expect(await page.textContent('[data-testid=complaint-facts]')).toContain('consultation / security / high');
  await snap(page, '47-complaint-override');
}, 120_000);

test('when the submit form is refused by the API, then each problem shows beside the field it names, and the corrected form registers the complaint', async () => {
  const { page } = browser;
  await page.goto(`${base}/#/complaints/new`);
  const form = '.complaint-form';
  await page.fill(`${form} input[name=customerId]`, `nobody-${run}`);
  await page.fill(`${form} textarea[name=text]`, 'A question about my contract');
  await page.fill(`${form} input[name=overrideCategory]`, 'bad category!');
  await page.click('[data-action=submit-complaint]');
  await page.waitForSelector(`${form} [data-error-for=overrideCategory]:not(:empty)`);
  expect(await page.textContent(`${form} [data-error-for=customerId]`)).toBe('');

  await page.fill(`${form} input[name=overrideCategory]`, '');
  await page.click('[data-action=submit-complaint]');
  await page.waitForSelector(`${form} [data-error-for=customerId]:not(:empty)`);
  expect(await page.textContent(`${form} [data-error-for=customerId]`)).toBe('unknown customer');
  expect(await page.textContent(`${form} [data-error-for=overrideCategory]`)).toBe('');
  expect(await complaints(api.db).countDocuments({ customerId: `nobody-${run}` })).toBe(0);

  await page.fill(`${form} input[name=customerId]`, customerId);
  await page.click('[data-action=submit-complaint]');
  await page.waitForURL(/#\/complaints\/cmp-/);
  const id = decodeURIComponent(page.url().split('#/complaints/')[1]);
  expect((await complaints(api.db).findById(id).lean())?.text).toBe('A question about my contract');
  await api.temporal.workflow.getHandle(id).terminate('test over').catch(noop);
}, 60_000);
