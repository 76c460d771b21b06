/** The monthly summary Schedule on the dev server: triggered, it stores the previous month's summary per department. */
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { createComplaintActivities } from '../../activities/complaints/sla-activities';
import { ensureMonthlySummarySchedule } from '../../activities/complaints/schedule';
import { simulatorChannels } from '../../activities/channels/simulator';
import { connectMongo } from '../../store/connection';
import { complaints, summaries } from '../../store/complaints';
import { previousMonth } from '../../workflows/complaints/monthly-summary';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

let db: MongoConnection;
let client: Client;
let connection: Connection;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('cmp-sum');
const scheduleId = `summary-${Date.now().toString(36)}`;

beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('cmp-sum'));
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  client = new Client({ connection });
  native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/complaints/monthly-summary'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  worker = await Worker.create({ connection: native, taskQueue, workflowBundle, activities: createComplaintActivities({ db, channels: simulatorChannels() }) });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  await client?.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

test('previousMonth works in Shanghai time, across the year boundary', () => {
  expect(previousMonth(Date.parse('2026-01-01T01:00:00+08:00'))).toBe('2025-12');
  expect(previousMonth(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-11'); // already 1 Dec in Shanghai
});

test('when the schedule fires, the previous month is summarised per department', async () => {
  const month = previousMonth(Date.now());
  const [y, m] = month.split('-').map(Number);
  const inMonth = new Date(Date.UTC(y, m - 1, 10, 4));
  const base = { customerId: 'c', channel: 'email', replyChannel: 'email', replyTo: 'a@b.c', text: 'x', receivedAt: inMonth };
  const clock = (state: string) => ({ round: 0, name: 'reply', durationMs: 1, warnFraction: 0.5, startedAt: inMonth, dueAt: inMonth, warnAt: inMonth, state });
  await complaints(db).create([
    { ...base, _id: 's1', department: 'billing', category: 'billing', kind: 'complaint', status: 'closed', clocks: [clock('met')], satisfaction: { score: 5, satisfied: true, at: inMonth } },
    { ...base, _id: 's2', department: 'billing', category: 'billing', kind: 'complaint', status: 'closed', clocks: [clock('met-late')], satisfaction: { score: 1, satisfied: false, at: inMonth } },
    { ...base, _id: 's3', department: 'billing', category: 'fees', kind: 'consultation', status: 'assigned', clocks: [clock('running')] },
    { ...base, _id: 's4', department: 'product', category: 'product', kind: 'suggestion', status: 'closed', channel: 'web' },
    { ...base, _id: 'other-month', department: 'billing', category: 'billing', status: 'closed', receivedAt: new Date(Date.UTC(y, m - 1, 10) - 40 * 86_400_000) },
  ]);
  await ensureMonthlySummarySchedule(client, taskQueue, scheduleId);
  await ensureMonthlySummarySchedule(client, taskQueue, scheduleId); // idempotent
  await client.schedule.getHandle(scheduleId).trigger();
  let stored = null;
  for (let i = 0; i < 150 && !stored; i++) {
    stored = await summaries(db).findById(month).lean();
    if (!stored) await new Promise((r) => setTimeout(r, 200));
  }
  expect(stored).not.toBeNull();
  const report = stored?.report as { departments: { department: string; received: number; closed: number; byCategory: Record<string, number>; sla: { met: number; breached: number; compliance: number }; satisfaction: { average: number }; topCategories: { category: string }[] }[] };
  const billing = report.departments.find((d) => d.department === 'billing');
  expect(billing).toMatchObject({ received: 3, closed: 2, byCategory: { billing: 2, fees: 1 }, sla: { met: 1, breached: 1, compliance: 0.5 }, satisfaction: { average: 3 } });
  expect(billing?.topCategories[0].category).toBe('billing');
  expect(report.departments.map((d) => d.department)).toEqual(['billing', 'product']);
}, 60_000);
