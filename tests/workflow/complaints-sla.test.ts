/**
 * The SLA clock workflow on Temporal's time-skipping test server (days pass in seconds), with its
 * real activities writing to FerretDB and notifying through the simulator channel.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { createComplaintActivities } from '../../activities/complaints/sla-activities';
import { simulatorChannels } from '../../activities/channels/simulator';
import { addBusinessDuration, businessTimeBetween, localDateOf, localToUtc, type BusinessCalendar, type LocalDate } from '../../core/calendar';
import { addDays, weekdayOf } from '../../core/calendar/zone';
import { connectMongo } from '../../store/connection';
import { complaints } from '../../store/complaints';
import {
  SLA_CLOCK_WORKFLOW,
  slaPauseSignal,
  slaResumeSignal,
  slaStateQuery,
  slaStopSignal,
  type SlaClockInput,
  type SlaView,
} from '../../workflows/complaints/messages';
import { TEMPORAL_TEST_SERVER_PATH, uniqueMongoUri } from '../support/servers';

const HOUR = 3_600_000;
const DAY = [{ start: '09:00', end: '18:00' }];
/** 09:00–18:00 Monday to Saturday in Shanghai, Monday 30 November 2026 a holiday. */
const CAL: BusinessCalendar = { id: 'test', timeZone: 'Asia/Shanghai', week: { 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: DAY, 6: DAY }, holidays: ['2026-11-30'] };
const at = (iso: string): number => new Date(iso).getTime();

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let db: Connection;
const channels = simulatorChannels();
const taskQueue = `sla-${Date.now()}`;
let n = 0;

beforeAll(async () => {
  if (!TEMPORAL_TEST_SERVER_PATH) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (see ~/.cache/touchpoint/tools.env)');
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already
  }
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER_PATH } } });
  db = await connectMongo(uniqueMongoUri('sla'));
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/complaints/sla-clock'), logger: quiet });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: createComplaintActivities({ db, channels }) });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

async function startClock(startedAt: number, clocks: SlaClockInput['clocks']): Promise<{ id: string; handle: ReturnType<typeof env.client.workflow.getHandle> }> {
  n += 1;
  const id = `c-${n}-${Date.now()}`;
  await complaints(db).create({ _id: id, customerId: 'cust-1', channel: 'email', replyChannel: 'email', replyTo: 'a@example.com', text: 'x', status: 'assigned', receivedAt: new Date(startedAt) });
  const input: SlaClockInput = { complaintId: id, round: 0, calendar: CAL, clocks, startedAt, escalateTo: ['sup-billing', 'head-billing'], warn: ['agent-li'] };
  const handle = await env.client.workflow.start(SLA_CLOCK_WORKFLOW, { taskQueue, workflowId: `sla-${id}-0`, args: [input] });
  return { id, handle };
}

/** Polls the clock's query (in real time, which does not move workflow time) until `pred` holds. */
async function until(handle: { query: (q: typeof slaStateQuery) => Promise<SlaView> }, pred: (v: SlaView) => boolean): Promise<SlaView> {
  for (let i = 0; i < 100; i++) {
    const v = await handle.query(slaStateQuery);
    if (pred(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('SLA clock never reached the expected state');
}

/**
 * The workflow's result without handing the clock to the time-skipping server (awaiting result()
 * of a running workflow lets it skip far ahead, which would move the next test's "now").
 */
async function finished(handle: { describe: () => Promise<{ status: { name: string } }>; result: () => Promise<unknown> }): Promise<SlaView> {
  for (let i = 0; i < 200; i++) {
    if ((await handle.describe()).status.name === 'COMPLETED') return (await handle.result()) as SlaView;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('SLA clock workflow did not complete');
}

/** The local date of the first Tuesday after `ms` in the calendar's zone. */
function nextTuesday(ms: number): LocalDate {
  let d = addDays(localDateOf(CAL.timeZone, ms), 1);
  while (weekdayOf(d) !== 2) d = addDays(d, 1);
  return d;
}

/** Skips time until workflow time reaches `target`. */
async function skipTo(target: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

describe('SLA clock on a business calendar (time skipping)', () => {
  test('received Friday 17:30 with Monday a holiday: warning Tuesday 17:30, breach Wednesday 14:30, escalated to supervisor and head', async () => {
    const friday = at('2026-11-27T17:30:00+08:00');
    const { id, handle } = await startClock(friday, [{ name: 'reply', durationMs: 24 * HOUR, warnFraction: 0.75 }]);
    const first = await handle.query(slaStateQuery);
    expect(new Date(first.clocks[0].dueAt).toISOString()).toBe(new Date(at('2026-12-02T14:30:00+08:00')).toISOString());
    expect(new Date(first.clocks[0].warnAt).toISOString()).toBe(new Date(at('2026-12-01T17:30:00+08:00')).toISOString());

    await skipTo(at('2026-12-01T17:40:00+08:00'));
    const warned = await handle.query(slaStateQuery);
    expect(warned.clocks[0].state).toBe('warning');
    expect(warned.clocks[0].warnedAt).toBeGreaterThanOrEqual(at('2026-12-01T17:30:00+08:00'));
    expect(warned.clocks[0].warnedAt).toBeLessThan(at('2026-12-01T17:31:00+08:00'));
    expect(warned.clocks[0].breachedAt).toBeUndefined();

    await skipTo(at('2026-12-02T15:00:00+08:00'));
    const breached = await handle.query(slaStateQuery);
    expect(breached.clocks[0].state).toBe('breached');
    expect(breached.clocks[0].breachedAt).toBeGreaterThanOrEqual(at('2026-12-02T14:30:00+08:00'));
    expect(breached.clocks[0].breachedAt).toBeLessThan(at('2026-12-02T14:31:00+08:00'));

    await handle.signal(slaStopSignal, { clock: 'all' });
    const done = await finished(handle);
    expect(done.clocks[0].state).toBe('met-late');

    const rec = await complaints(db).findById(id).lean();
    expect(rec?.escalations.map((e) => [e.kind, e.recipients])).toEqual([
      ['warning', ['agent-li']],
      ['breach', ['sup-billing', 'head-billing']],
    ]);
    expect(rec?.slaState).toBe('met-late');
    expect(rec?.clocks[0].breachedAt?.getTime()).toBe(breached.clocks[0].breachedAt);
    const app = channels.app.sent.filter((m) => m.key.startsWith(`${id}:`));
    expect(app.map((m) => m.to).sort()).toEqual(['agent-li', 'head-billing', 'sup-billing']);
  });

  test('pause while waiting for the customer, resume: the deadline moves by exactly the paused business time', async () => {
    // Workflow time only moves forward and the server may have skipped far ahead: use the next Tuesday.
    const tuesday = nextTuesday(await env.currentTimeMs());
    const start = localToUtc(CAL.timeZone, tuesday, 10 * 60);
    const { id, handle } = await startClock(start, [{ name: 'resolution', durationMs: 18 * HOUR, warnFraction: 0.9 }]);
    const before = (await handle.query(slaStateQuery)).clocks[0];
    expect(before.dueAt).toBe(addBusinessDuration(CAL, start, 18 * HOUR));

    await skipTo(localToUtc(CAL.timeZone, tuesday, 11 * 60));
    await handle.signal(slaPauseSignal, { reason: 'waiting for the customer' });
    await until(handle, (v) => v.clocks[0].state === 'paused');
    await skipTo(localToUtc(CAL.timeZone, addDays(tuesday, 1), 12 * 60));
    const paused = (await handle.query(slaStateQuery)).clocks[0];
    expect(paused.state).toBe('paused');
    expect(paused.breachedAt).toBeUndefined();
    await handle.signal(slaResumeSignal, {});
    const after = (await until(handle, (v) => v.clocks[0].pausedAt === undefined)).clocks[0];

    expect(after.runningSince).toBeDefined();
    // About 10 business hours paused (Tue 11–18, Wed 9–12), give or take the signal's delivery.
    expect(Math.abs(after.pausedBusinessMs - 10 * HOUR)).toBeLessThan(60_000);
    expect(businessTimeBetween(CAL, before.dueAt, after.dueAt)).toBe(after.pausedBusinessMs);
    expect(after.dueAt).toBeGreaterThan(before.dueAt);

    await handle.signal(slaStopSignal, { clock: 'all' });
    const done = await finished(handle);
    expect(done.clocks[0].state).toBe('met');
    const rec = await complaints(db).findById(id).lean();
    expect(rec?.clocks[0].dueAt.getTime()).toBe(after.dueAt);
    expect(rec?.escalations).toEqual([]);
  });
});

const noop = (): void => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
