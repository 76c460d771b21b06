/**
 * Timers on a business calendar (tp:calendar): the core behaviour on the real dev server (due instants in
 * business time, calendars from the input registry or the `calendars` variable, unknown calendars as
 * incidents), and a multi-day case on Temporal's time-skipping test server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { createActivities } from '../../activities';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { compileBpmn } from '../../core/bpmn';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { addBusinessDuration, localDateOf, type BusinessCalendar } from '../../core/calendar';
import { formatLocalDate } from '../../core/calendar/zone';
import { connectMongo } from '../../store/connection';
import { PROCESS_WORKFLOW, stateQuery, type CaseState, type ProcessInput } from '../../workflows/process/messages';
import type { ProcessResult } from '../../workflows/process/result';
import { TEMPORAL_TEST_SERVER_PATH, uniqueMongoUri } from '../support/servers';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

const HOUR = 3_600_000;
const DAY9TO18 = [{ start: '09:00', end: '18:00' }];
/** Monday to Friday, 09:00-18:00, Shanghai. */
const OFFICE: BusinessCalendar = { id: 'office', timeZone: 'Asia/Shanghai', week: { 1: DAY9TO18, 2: DAY9TO18, 3: DAY9TO18, 4: DAY9TO18, 5: DAY9TO18 } };

const timerGraph = (expression: string, calendar?: string): CompiledProcess =>
  new GraphBuilder('Process_cal')
    .start()
    .catchEvent('wait', { kind: 'timer', timer: { kind: 'duration', expression }, ...(calendar ? { calendar } : {}) })
    .end()
    .chain('start', 'wait', 'end')
    .build();

describe('business-calendar timers on the dev server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('wf-cal');
  }, 120_000);
  afterAll(async () => h?.close());

  it('when a timer names a calendar from the input registry, then it is due after that much working time', async () => {
    // Every day 09:00-18:00 UTC except today (a holiday): one working hour from now ends tomorrow at 10:00 at the earliest.
    const today = formatLocalDate(localDateOf('UTC', Date.now()));
    const days = { 1: DAY9TO18, 2: DAY9TO18, 3: DAY9TO18, 4: DAY9TO18, 5: DAY9TO18, 6: DAY9TO18, 7: DAY9TO18 };
    const cal: BusinessCalendar = { timeZone: 'UTC', week: days, holidays: [today] };
    const handle = await h.start(timerGraph('PT1H', 'office'), { calendars: { office: cal } });
    const s = await h.waitFor(handle, (x) => x.tokens.some((t) => t.elementId === 'wait' && t.dueAt !== undefined));
    const startedAt = Date.parse(s.trail.find((e) => e.elementId === 'wait' && e.lifecycle === 'start')!.at);
    const due = Date.parse(s.tokens[0].dueAt!);
    expect(due).toBe(addBusinessDuration(cal, startedAt, HOUR));
    expect(formatLocalDate(localDateOf('UTC', due))).not.toBe(today);
    expect(due - startedAt).toBeGreaterThan(HOUR);
    await handle.terminate('test done');
  });

  it('when the calendar comes from the calendars variable and is always open, then the timer fires in real time', async () => {
    const result = await h.run(timerGraph('PT1S', 'line'), { variables: { calendars: { line: { timeZone: 'Europe/Berlin', alwaysOpen: true } } } });
    expect(result.status).toBe('completed');
  });

  it('when the timer names a calendar the case does not know, then an incident names it', async () => {
    const handle = await h.start(timerGraph('PT1H', 'nowhere'));
    const s = await h.waitFor(handle, (x) => x.incidents.length === 1);
    expect(s.incidents[0]).toMatchObject({ elementId: 'wait', kind: 'other', message: expect.stringMatching(/business calendar 'nowhere' is not known/) });
    await handle.terminate('test done');
  });

  it('when a timer has no calendar, then it counts calendar time as before', async () => {
    const handle = await h.start(timerGraph('PT1H'));
    const s = await h.waitFor(handle, (x) => x.tokens.some((t) => t.dueAt !== undefined));
    const startedAt = Date.parse(s.trail.find((e) => e.elementId === 'wait' && e.lifecycle === 'start')!.at);
    expect(Date.parse(s.tokens[0].dueAt!) - startedAt).toBe(HOUR);
    await handle.terminate('test done');
  });
});

describe('business-calendar timers over several days (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let db: Connection;
  let graph: CompiledProcess;
  const taskQueue = `bt-${Date.now()}`;

  beforeAll(async () => {
    if (!TEMPORAL_TEST_SERVER_PATH) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (see ~/.cache/touchpoint/tools.env)');
    const compiled = await compileBpmn(readFileSync(join(__dirname, 'fixtures', 'business-timers.bpmn'), 'utf8'));
    expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
    graph = compiled.main!;
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER_PATH } } });
    db = await connectMongo(uniqueMongoUri('bt'));
    const noop = (): void => undefined;
    const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: createActivities({ db, handlers: createHandlerRegistry() }) });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('when a 16-working-hour wait and a 4-working-hour boundary run, then each fires at its business instant, days later', async () => {
    expect(graph.elements.Late.event).toMatchObject({ kind: 'timer', calendar: 'office' });
    const input: ProcessInput = { caseId: `bt-${Date.now()}`, definitionId: 'def-bt', version: 1, graph, calendars: { office: OFFICE } };
    const handle = await env.client.workflow.start(PROCESS_WORKFLOW, { taskQueue, workflowId: input.caseId, args: [input] });
    const result = (await handle.result()) as ProcessResult;
    const s: CaseState = await handle.query(stateQuery);
    expect(result.status).toBe('completed');
    const at = (id: string, lc: string): number => Date.parse(s.trail.find((e) => e.elementId === id && e.lifecycle === lc)!.at);
    const waitStart = at('Wait', 'start');
    const waitEnd = at('Wait', 'complete');
    // Trail times are workflow time of the activation that saw the timer fire: at the due instant or just after.
    const near = (actual: number, due: number): void => {
      expect(actual).toBeGreaterThanOrEqual(due);
      expect(actual - due).toBeLessThan(5000);
    };
    near(waitEnd, addBusinessDuration(OFFICE, waitStart, 16 * HOUR));
    // 16 working hours of 9 a day cannot pass in less than one night and a day.
    expect(waitEnd - waitStart).toBeGreaterThan(24 * HOUR);
    const callStart = at('Call', 'start');
    near(at('Call', 'cancel'), addBusinessDuration(OFFICE, callStart, 4 * HOUR));
    expect(s.trail.some((e) => e.elementId === 'Escalated' && e.lifecycle === 'complete')).toBe(true);
    // The inbox due date counts the same calendar.
    const task = await db.collection('tasks').findOne({ caseId: input.caseId, elementId: 'Call' });
    expect((task?.dueAt as Date).getTime()).toBe(addBusinessDuration(OFFICE, callStart, 2 * HOUR));
  }, 60_000);
});
